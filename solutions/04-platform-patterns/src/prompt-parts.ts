/**
 * The parts of a support assistant's prompt, and scripted support sessions that use them. Some
 * parts never change, some change per conversation, some on every request: where each goes in
 * the prompt decides how much of it the provider can serve from its prompt cache. Given code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChatMessage } from '@workshop/llm';

/** Everything the assistant must see to answer one turn. */
export interface PromptParts {
  /** The support policy (about 1,250 tokens): the same for every request of the deployment. */
  policy: string;
  /** Worked examples of good answers: the same for every request. */
  examples: string;
  /** The customer's profile: the same for every turn of one conversation. */
  customer: string;
  /** The earlier turns of this conversation, oldest first (user questions and assistant answers). */
  history: ChatMessage[];
  /** Handbook passages retrieved for this question: new on every turn. */
  documents: string[];
  /** The current date and time to the second, for answers about deadlines: new on every request. */
  now: string;
  /** The question of this turn. */
  question: string;
}

/** One request of a session. */
export interface SessionTurn {
  /** Which conversation it belongs to. */
  conversation: number;
  parts: PromptParts;
}

/** The lab's folder, from labs/ or solutions/ alike. */
const SUPPORT = path.join(import.meta.dirname, '..', '..', '..', 'labs', '04-platform-patterns', 'fixtures', 'support');

const EXAMPLES = [
  'Example 1. Customer: "My tent pole snapped on the first night." Answer: "I am sorry your trip started like that. A pole that breaks in normal use is covered by the warranty: send us a photo and your order number, and we post a replacement within two working days."',
  'Example 2. Customer: "Can I return boots I wore once?" Answer: "Worn items cannot be returned for a refund, but if they hurt or leak within the warranty period we repair or replace them. Tell me what happened and I will check."',
  'Example 3. Customer: "Where is my parcel?" Answer: "Let me check: give me the order number and I will tell you where it is and when it should arrive."',
].join('\n');

const CUSTOMERS = [
  'Customer C-1042: Jana Novak, member since 2021, gold tier, prefers email, two open orders.',
  'Customer C-2210: Tom Okafor, new customer, standard tier, prefers chat, one open order.',
  'Customer C-3187: Aiko Tanaka, member since 2019, gold tier, prefers phone, no open order.',
  'Customer C-4409: Lucas Moreau, member since 2023, standard tier, prefers email, one return in progress.',
  'Customer C-5523: Priya Raman, member since 2020, silver tier, prefers chat, three open orders.',
];

let loaded: { policy: string; sections: string[] } | undefined;

function support(): { policy: string; sections: string[] } {
  loaded ??= {
    policy: readFileSync(path.join(SUPPORT, 'policy.md'), 'utf8').trim(),
    sections: readFileSync(path.join(SUPPORT, 'documents.md'), 'utf8')
      .split(/\n(?=## )/)
      .map((section) => section.trim())
      .filter((section) => section.startsWith('## ')),
  };
  return loaded;
}

/**
 * Support sessions: `conversations` customers asking `turns` questions each (taken in order from
 * `questions`), interleaved as traffic arrives (every conversation's first turn, then the
 * seconds…), 47 seconds apart. Each turn has two retrieved passages and the earlier turns as history.
 */
export function supportSessions(questions: readonly string[], conversations = 3, turns = 7): SessionTurn[] {
  const needed = conversations * turns;
  if (questions.length < needed)
    throw new Error(`supportSessions: ${needed} questions needed, got ${questions.length}`);
  if (conversations > CUSTOMERS.length) throw new Error(`supportSessions: at most ${CUSTOMERS.length} conversations`);
  const { policy, sections } = support();
  const start = Date.UTC(2025, 2, 14, 9, 0, 0);
  const history: ChatMessage[][] = Array.from({ length: conversations }, () => []);
  const session: SessionTurn[] = [];
  for (let turn = 0; turn < turns; turn++) {
    for (let conversation = 0; conversation < conversations; conversation++) {
      const question = questions[conversation * turns + turn] as string;
      const pick = (k: number) => sections[(conversation * 7 + turn * 3 + k) % sections.length] as string;
      const documents = [pick(0), pick(5)];
      const now = new Date(start + session.length * 47_000).toISOString();
      const customer = CUSTOMERS[conversation] as string;
      const earlier = history[conversation] as ChatMessage[];
      session.push({
        conversation,
        parts: { policy, examples: EXAMPLES, customer, history: [...earlier], documents, now, question },
      });
      // The answer quotes the first passage, as support answers do: history grows by a few hundred tokens a turn.
      const quoted = (documents[0] as string).replace(/^## .*\n+/, '');
      earlier.push(
        { role: 'user', content: question },
        { role: 'assistant', content: `Here is what our handbook says. ${quoted}` },
      );
    }
  }
  return session;
}
