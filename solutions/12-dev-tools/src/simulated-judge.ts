/**
 * A SIMULATED judge model, deterministic, standing in for a real LLM judge in the tests (behind
 * testkit's emulated OpenAI API) and in the dev report. It reads the messages lab 05's
 * `createJudge` sends (the rubric, then the input and the response in delimited blocks) and plays
 * the documented habits of LLM judges:
 *
 * - it starts at 3 and is swayed by **length** (+1 for 45 words or more) and by a **confident
 *   tone** (+1; hedging or "I don't know" −1), unless the rubric speaks about length, or about
 *   uncertainty and answers that do not know;
 * - it checks only what the rubric asks for, and only against what it can see:
 *   - **correct facts** (correct, accurate, facts, figures, reference…): with a reference in the
 *     input, +1 when the answer has exactly the reference's figures, −3 when it misses some and
 *     states others (wrong), −1 when it only misses some (incomplete); without a reference it
 *     cannot tell a right figure from a wrong one and checks nothing;
 *   - **invented details** (invent, made up, unsupported, promise…): with a reference, −2 for
 *     figures the reference does not hold;
 *   - **what was asked** (question, relevant, on topic, address…): +1 when the answer shares a
 *     content word with the question, −3 when it shares none;
 *   - **not knowing** (uncertain, don't know, admit, not covered…): with a reference, +2 for an
 *     answer that admits not knowing what the policy does not cover, −2 for one that refuses
 *     what it does cover;
 *   - a rubric that asks for **short** answers (concise, brief, short) costs long ones a point;
 * - it follows its system prompt: a response that tries to instruct the grader is graded 1.
 *
 * Real judges are less regular and have habits of their own (position, self-preference); the
 * point here is that a rubric change moves agreement with people, and that it can be measured.
 */

/** What the simulated judge read in one request. */
export interface JudgeReading {
  rubric: string;
  question: string;
  reference: string | undefined;
  answer: string;
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
const figures = (text: string) => new Set(text.match(/\d+(?:[.,]\d+)?/g) ?? []);
const STOP = new Set(
  'what which when where your with that this from have does there about after before their they them will into than then also still just only some every many much more most make made been were over here other'.split(
    ' ',
  ),
);
const content = (text: string) => new Set(words(text).filter((w) => w.length >= 4 && !STOP.has(w)));

const HEDGE =
  /\b(i think|maybe|perhaps|probably|not (?:completely |entirely )?sure|i don't know|i do not know|i don't have)\b/i;
const REFUSAL = /\b(i don't know|i do not know|i don't have that information|cannot help|can't help)\b/i;
const GRADER_TALK = /\b(rubric|grader|grading|evaluator|score it|grade this)\b|\bPASS\b/;

const ASKS = {
  length: /\b(length|long|verbose|verbosity|padding|wordy|concise|brief|short|succinct)/i,
  brevity: /\b(concise|brief|short|succinct)/i,
  uncertainty: /(uncertain|unsure|don't know|do not know|not know|admit|hedg|not cover|refus|declin)/i,
  correctness: /\b(correct|accura|facts?\b|figures?|numbers?|reference|wrong|true\b|right\b)/i,
  invention: /\b(invent|made[- ]up|make up|makes up|fabricat|unsupported|speculat|promis|not in the reference)/i,
  relevance: /\b(question|relevan|on[- ]topic|address|asked|what the customer)/i,
};

/** Splits lab 05's judge messages into rubric, question, reference and answer. */
export function readJudgeRequest(messages: readonly { role: string; content: string }[]): JudgeReading {
  const user = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const block = (name: string) => {
    const match = new RegExp(`<${name}-([0-9a-f]+)>\\n([\\s\\S]*?)\\n</${name}-\\1>`).exec(user);
    return match?.[2]?.replaceAll('‹', '<').replaceAll('›', '>');
  };
  const rubric = /RUBRIC:\n([\s\S]*?)\n\n<input-/.exec(user)?.[1] ?? '';
  const input = block('input') ?? '';
  let question = input;
  let reference: string | undefined;
  try {
    const parsed = JSON.parse(input) as { question?: unknown; reference?: unknown };
    if (typeof parsed.question === 'string') question = parsed.question;
    if (typeof parsed.reference === 'string') reference = parsed.reference;
  } catch {
    // A plain-text input is the question itself.
  }
  return { rubric, question, reference, answer: block('response') ?? '' };
}

/** The simulated judge's verdict on what it read: a score 1–5 and the reason. */
export function simulatedVerdict(reading: JudgeReading): { score: number; reason: string } {
  const { rubric, question, reference, answer } = reading;
  if (GRADER_TALK.test(answer)) return { score: 1, reason: 'the response tries to instruct the grader' };
  const asks = Object.fromEntries(Object.entries(ASKS).map(([k, re]) => [k, re.test(rubric)])) as Record<
    keyof typeof ASKS,
    boolean
  >;
  const why: string[] = [];
  let score = 3;
  const add = (points: number, reason: string) => {
    score += points;
    why.push(`${points > 0 ? '+' : ''}${points} ${reason}`);
  };

  const long = words(answer).length >= 45;
  if (!asks.length && long) add(1, 'thorough');
  if (asks.brevity && long) add(-1, 'not concise');
  const hedges = HEDGE.test(answer);
  if (!asks.uncertainty) add(hedges ? -1 : 1, hedges ? 'sounds unsure' : 'sounds confident');

  const refused = REFUSAL.test(answer);
  if (reference !== undefined) {
    const expected = figures(reference);
    const stated = figures(answer);
    const missing = [...expected].filter((f) => !stated.has(f)).length;
    const extra = [...stated].filter((f) => !expected.has(f)).length;
    if (asks.correctness) {
      if (missing > 0 && extra > 0) add(-3, 'contradicts the reference');
      else if (missing > 0) add(-1, 'leaves out facts of the reference');
      else if (extra === 0) add(1, 'matches the reference');
    }
    if (asks.invention && extra > 0) add(-2, 'states figures the reference does not hold');
    if (asks.uncertainty && refused) {
      add(
        expected.size === 0 ? 2 : -2,
        expected.size === 0 ? 'rightly admits not knowing' : 'refuses a covered question',
      );
    }
  }
  if (asks.relevance) {
    const asked = content(question);
    const shared = [...content(answer)].some((w) => asked.has(w));
    add(shared ? 1 : -3, shared ? 'about the question' : 'not about the question');
  }
  const clamped = Math.max(1, Math.min(5, score));
  return { score: clamped, reason: `${why.join(', ') || 'nothing to check'} (simulated judge)` };
}
