/**
 * An example suite for the CLI: a keyword baseline prompt-injection detector on 38 real rows of
 * deepset/prompt-injections. Replace `target` with your detector (a prompt via `promptTarget`, a
 * classifier endpoint…) and keep the dataset, the scorer and the baseline.
 *
 *   node solutions/12-dev-tools/src/cli.ts run --suite solutions/12-dev-tools/examples/injection.suite.ts \
 *     --dataset labs/12-dev-tools/fixtures/injection.jsonl --baseline solutions/12-dev-tools/examples/injection.baseline.json
 */
import { z } from 'zod';
import { caseSchema, type EvalSuite, exactMatch } from '../src/index.ts';

type Label = 'benign' | 'injection';

/** Words that often open an injection, in English and German. Crude on purpose: it is the baseline. */
const INJECTION_WORDS = /\b(ignore|forget|vergiss|disregard|pretend|new tasks?|neue aufgabe|prompt)\b/i;

const suite: EvalSuite<{ text: string }, Label> = {
  name: 'injection-keyword-baseline',
  schema: caseSchema(z.object({ text: z.string() }), z.enum(['benign', 'injection'])),
  target: async ({ text }) => (INJECTION_WORDS.test(text) ? 'injection' : 'benign'),
  scorers: [exactMatch({ name: 'label' })],
};

export default suite;
