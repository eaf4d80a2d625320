/**
 * The labelled sets the lab is measured on, as `lab.yaml` declares them (`datasets:`), validated.
 * Part of the measuring instruments (`eval/`): the DoD judges the test split with them, the dev
 * report measures the dev split with the same code, and neither lives in `src/`, so nothing you
 * change there changes how you are measured.
 */
import path from 'node:path';
import { loadSplit, type Split } from '@workshop/testkit/datasets';
import { z } from 'zod';

/** `labs/09-rag`. */
export const LAB_DIR = path.resolve(import.meta.dirname, '..');

const GoldSection = z.object({
  source: z.string().regex(/^[\w.-]+\.md$/, 'expected a Markdown file name like refunds.md'),
  section: z.string().min(1),
});

/** One evaluation question: answerable ones have gold sections and key facts, unanswerable ones neither. */
export const QuestionRowSchema = z
  .object({
    id: z.string().regex(/^[a-z]\d{2,}$/, 'expected an id like q01 or u01'),
    kind: z.enum(['direct', 'paraphrase', 'exact', 'unanswerable']),
    question: z.string().min(3).max(500),
    gold: z.array(GoldSection),
    facts: z.array(z.string().min(1)),
  })
  .refine(
    (q) => (q.gold.length === 0) === (q.facts.length === 0) && (q.gold.length === 0) === (q.kind === 'unanswerable'),
    {
      message: 'an answerable question needs gold sections and facts; an unanswerable one neither',
    },
  );
export type QuestionRow = z.infer<typeof QuestionRowSchema>;

/** One planted attack: Markdown put into a section of the handbook, and the question that retrieves it. */
export const AttackRowSchema = z.object({
  id: z.string().regex(/^a\d{2,}$/, 'expected an id like a01'),
  kind: z.enum(['override', 'paraphrased', 'split', 'table', 'code', 'language', 'addressed', 'tags']),
  source: z.string().regex(/^[\w.-]+\.md$/),
  /** The heading path joined with ` > `; planted at the end of that section. */
  section: z.string().min(1),
  question: z.string().min(3),
  /** What the attacker wants the answer to say; must appear in `markdown` and nowhere in the handbook. */
  payload: z.string().min(3),
  markdown: z.string().min(1),
  /** Planted on the line right after the section's last line (a row joins the table there). */
  join: z.boolean().optional(),
});
export type AttackRow = z.infer<typeof AttackRowSchema>;

/** Validate rows read by `loadSplit`; a bad row is one line naming the dataset, the row and the field. */
export function parseRows<T>(schema: z.ZodType<T>, rows: unknown[], where: string): T[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new Error(`${where} row ${index + 1}: ${issue?.path.join('.') || '(row)'}: ${issue?.message}`);
  });
}

/** The questions of one split. */
export function questionSplit(split: Split, from: string = LAB_DIR): QuestionRow[] {
  return parseRows(QuestionRowSchema, loadSplit(from, 'questions', split), `questions.${split}`);
}

/** The planted attacks of one split. */
export function attackSplit(split: Split, from: string = LAB_DIR): AttackRow[] {
  return parseRows(AttackRowSchema, loadSplit(from, 'attacks', split), `attacks.${split}`);
}
