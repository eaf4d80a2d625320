import { TARGET_PATTERN } from '@workshop/testkit/metric-format';
import { z } from 'zod';
import { displayName, invisibleCharacter } from './names.ts';

/**
 * What a participant submits: the stable `workshop verify --json` document (version 1) plus who
 * and when. The server validates every field; unknown fields are dropped (the v1 shape may grow
 * fields, never lose them). Lengths are capped so one submission cannot bloat the database.
 */

/** Control characters (except tab and line breaks) would garble the instructor's table and the CSV. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

const printable = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !hasControlCharacters(text), 'must not contain control characters');

/** Text the page shows as a label: nothing invisible, nothing that reorders the text around it. */
const visible = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      const found = invisibleCharacter(text);
      if (found)
        ctx.addIssue({ code: 'custom', message: `must not contain invisible or bidi control characters (${found})` });
    });

/** Most KPIs a checkpoint may report, and a whole submission (a full workshop run reports ~40). */
export const MAX_METRICS_PER_CHECKPOINT = 20;
export const MAX_METRICS_PER_SUBMISSION = 200;

/** A KPI a checkpoint's tests measured (`checkpoints[].metrics` of `verify --json`, added to v1). */
export const metricSchema = z.object({
  /** Short name, e.g. `tpr`. */
  name: visible(60).pipe(z.string().min(1, 'must not be empty')),
  /** Finite: zod refuses NaN and ±Infinity (JSON cannot carry them anyway). */
  value: z.number(),
  /** What the checkpoint asks for: `>= 0.85`. */
  target: z.string().max(40).regex(TARGET_PATTERN, 'must be a comparison and a number, e.g. ">= 0.85"').optional(),
  /** `ratio`, `count`, `ms`… */
  unit: visible(20).optional(),
});

export const checkpointSchema = z.object({
  /** `DoD-<n>`, as in the lab's manifest. */
  id: z.string().min(1).max(40),
  /** The checkpoint's title from the manifest. */
  title: printable(300),
  /** `pass` when every test of the checkpoint passed. */
  status: z.enum(['pass', 'fail']),
  /** Why it failed; empty when it passed. Compiler messages can be long: the CLI clips them to 1000. */
  message: z.string().max(1000),
  /** KPIs its tests measured, in test order; absent when none. */
  metrics: z.array(metricSchema).max(MAX_METRICS_PER_CHECKPOINT).optional(),
});

export const labSchema = z.object({
  /** The lab's folder name, e.g. `01-foundations`. */
  id: z.string().regex(/^[0-9]{2}-[a-z0-9-]{1,60}$/, 'must look like "01-foundations"'),
  /** The lab's title from the manifest. */
  title: printable(300),
  /** `error` means the lab could not be checked as written (a file does not compile). */
  status: z.enum(['pass', 'fail', 'error']),
  /** For `error`: the compiler's or loader's message. */
  message: z.string().max(1000).optional(),
  /** When the participant's CLI last checked this lab (ISO 8601); added to v1 by `workshop report`. */
  checkedAt: z.iso.datetime({ offset: true }).optional(),
  /** One entry per checkpoint in the manifest, in order. */
  checkpoints: z.array(checkpointSchema).max(100),
});

/** Refused when it hides characters; stored composed, trimmed, with single spaces (`displayName`). */
export const participantNameSchema = visible(60).transform(displayName).pipe(z.string().min(1, 'must not be empty'));

export const submissionSchema = z
  .object({
    /** Shape version of the `verify --json` document. */
    version: z.literal(1),
    /** Progress is always about the participant's own code. */
    target: z.literal('labs'),
    /** One entry per lab the participant has checked, in workshop order. */
    labs: z.array(labSchema).max(100),
    /** Who: `--name`, `WORKSHOP_NAME`, the git user name or the OS user. */
    participant: z.object({ name: participantNameSchema }),
    /** When the report was made on the participant's machine (ISO 8601). Queued reports arrive later. */
    generatedAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((submission, ctx) => {
    const metrics = submission.labs.reduce(
      (sum, lab) => sum + lab.checkpoints.reduce((n, checkpoint) => n + (checkpoint.metrics?.length ?? 0), 0),
      0,
    );
    if (metrics > MAX_METRICS_PER_SUBMISSION) {
      ctx.addIssue({
        code: 'custom',
        path: ['labs'],
        message: `${metrics} metrics; at most ${MAX_METRICS_PER_SUBMISSION} per submission`,
      });
    }
  });

/** A validated submission. */
export type Submission = z.infer<typeof submissionSchema>;
/** One lab of a submission. */
export type SubmittedLab = z.infer<typeof labSchema>;
/** One metric of a checkpoint. */
export type SubmittedMetric = z.infer<typeof metricSchema>;

/**
 * The header that carries the participant's key: a random secret the CLI makes once per checkout
 * and keeps in `.workshop/participant.json`. The first submission under a name binds the name to
 * the key; later submissions under that name must present the same key.
 */
export const PARTICIPANT_KEY_HEADER = 'x-workshop-participant-key';

/** Keys are 32 random bytes in base64url (43 characters); anything shorter is too guessable. */
export const participantKeySchema = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32–128 base64url characters');

/** One-line description of the first problem zod found, naming the field: `labs.0.status: …`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid submission';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}
