/**
 * The lab's corpus (a fictional company's handbook) and its question set, read from
 * `labs/09-rag/fixtures/`. Given code: the same file in the starter and the solution
 * (both live at `<root>/<labs|solutions>/09-rag/src`, so the path resolves to the same folder).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SourceDocument } from './types.ts';

/** `labs/09-rag/fixtures`. */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'labs', '09-rag', 'fixtures');
/** The handbook's Markdown files. */
export const HANDBOOK_DIR = path.join(FIXTURES_DIR, 'handbook');
/** The question set. */
export const QUESTIONS_FILE = path.join(FIXTURES_DIR, 'questions.json');

/** A section that answers a question: a document and the heading path, joined with ` > `. */
export const GoldSectionSchema = z.object({
  source: z.string().regex(/^[\w.-]+\.md$/, 'expected a Markdown file name like refunds.md'),
  section: z.string().min(1),
});

/** One evaluation question. Answerable ones have gold sections and key facts; unanswerable ones neither. */
export const EvalQuestionSchema = z
  .object({
    id: z.string().regex(/^[a-z]\d{2,}$/, 'expected an id like q01 or u01'),
    question: z.string().min(3),
    gold: z.array(GoldSectionSchema),
    facts: z.array(z.string().min(1)),
  })
  .refine((q) => (q.gold.length === 0) === (q.facts.length === 0), {
    message: 'an answerable question needs both gold sections and facts; an unanswerable one neither',
  });

/** One evaluation question. */
export type EvalQuestion = z.infer<typeof EvalQuestionSchema>;
/** A gold section. */
export type GoldSection = z.infer<typeof GoldSectionSchema>;

const QuestionsFileSchema = z.object({ questions: z.array(EvalQuestionSchema).min(1) });

/** Whether the question set says the handbook answers it. */
export function isAnswerable(question: EvalQuestion): boolean {
  return question.gold.length > 0;
}

/** Every `.md` file of `dir`, sorted by name. */
export function loadHandbook(dir: string = HANDBOOK_DIR): SourceDocument[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort();
  if (names.length === 0) throw new Error(`${dir}: no .md documents found`);
  return names.map((source) => ({ source, text: readFileSync(path.join(dir, source), 'utf8') }));
}

/** The question set, validated; a bad file is one line naming the file, the question and the field. */
export function loadQuestions(file: string = QUESTIONS_FILE): EvalQuestion[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = QuestionsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const ids = new Set<string>();
  for (const q of parsed.data.questions) {
    if (ids.has(q.id)) throw new Error(`${file}: duplicate question id ${q.id}`);
    ids.add(q.id);
  }
  return parsed.data.questions;
}
