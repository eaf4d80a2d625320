/**
 * The ops config of a self-hosted model server, validated with zod. Given code: the same in the
 * starter and the solution. `checkOps` (ops-check.ts) verifies it against the live server.
 *
 * The example for this repository's `compose.yaml` is `fixtures/ollama-ops.json`.
 */
import { OLLAMA_DEFAULT_HOST } from '@workshop/llm';
import { z } from 'zod';
import { InvalidInputError } from './errors.ts';

/** Ollama's keep_alive: a Go duration (`90s`, `30m`, `1h30m`), seconds as a number, or a negative value for "for ever". */
export const KeepAliveSchema = z.union([
  z.number(),
  z.string().regex(/^-?(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$|^-?\d+$/, 'expected a duration such as "30m", "1h" or "-1"'),
]);

/** A model the service depends on. */
export const PinnedModelSchema = z.object({
  /** Name as pulled, e.g. `llama3.2:latest`. */
  name: z.string().min(1),
  /**
   * The sha256 of the model manifest, as `/api/tags` (and `ollama list`, shortened) reports it.
   * Optional here so that an unpinned model is reported by `checkOps` with the digest to pin,
   * instead of failing the parse.
   */
  digest: z
    .string()
    .regex(/^(sha256:)?[0-9a-f]{64}$/, 'expected the full sha256 digest (64 hex characters), as /api/tags reports it')
    .optional(),
  /** How long the model stays in memory after a request. */
  keepAlive: KeepAliveSchema,
});

/** A health probe: which endpoint, how often, how long to wait. */
export const ProbeSchema = z.object({
  /** `liveness` restarts the container; `readiness` takes it out of the load balancer. */
  name: z.string().min(1),
  /** The endpoint probed: version (process up), tags (model store readable), ps (runner state). */
  endpoint: z.enum(['/api/version', '/api/tags', '/api/ps']),
  /** Seconds between probes. */
  intervalSeconds: z.number().positive(),
  /** A probe slower than this fails, ms. */
  timeoutMs: z.number().int().positive(),
  /** Consecutive failures before the orchestrator acts. */
  failureThreshold: z.number().int().positive(),
});

/** The whole config. */
export const OpsConfigSchema = z
  .object({
    /** Server URL. */
    host: z.url().default(OLLAMA_DEFAULT_HOST),
    /** Models pinned by digest. */
    models: z.array(PinnedModelSchema).min(1),
    /** Server settings (environment variables of `ollama serve`). */
    server: z.object({
      /** OLLAMA_NUM_PARALLEL: requests one model serves at once. */
      numParallel: z.number().int().positive(),
      /** OLLAMA_MAX_QUEUE: requests waiting before the server answers 503. */
      maxQueue: z.number().int().positive(),
      /** OLLAMA_MAX_LOADED_MODELS: models kept in memory at once. */
      maxLoadedModels: z.number().int().positive(),
    }),
    /** Client-side timeouts. */
    timeouts: z.object({
      /** Connection / first byte, ms. */
      connectMs: z.number().int().positive(),
      /** Whole request, queueing included, ms. */
      requestMs: z.number().int().positive(),
    }),
    /** Health probes (at least one). */
    probes: z.array(ProbeSchema).min(1),
  })
  .refine((config) => config.probes.every((p) => p.timeoutMs < p.intervalSeconds * 1000), {
    message: 'every probe timeoutMs must be shorter than its interval',
    path: ['probes'],
  });

/** The validated config. */
export type OpsConfig = z.infer<typeof OpsConfigSchema>;

/** Validates an ops config; throws an `InvalidInputError` naming the first bad field. */
export function parseOpsConfig(input: unknown): OpsConfig {
  const result = OpsConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new InvalidInputError(`invalid ops config at ${where}: ${issue?.message ?? 'invalid'}`);
}
