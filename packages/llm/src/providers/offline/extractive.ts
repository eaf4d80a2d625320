/**
 * The "reasoning" of the offline simulator: pick the context sentences with the best
 * lexical overlap with the user's question. No model, no randomness — the same messages
 * always produce the same answer.
 */
import type { ChatMessage } from '../../spec/messages.ts';
import { hashEmbedding, lightStem, tokenizeWords } from './hashing.ts';
import { STOPWORDS } from './stopwords.ts';

/** Prefix of every offline answer, so nobody mistakes it for a real model. */
export const SIMULATOR_PREFIX = '[offline simulator] ';

/** What the simulator says when no context sentence shares a word with the question. */
export const NO_ANSWER = 'I could not find an answer to that in the provided context.';

/** How many sentences an answer quotes at most. */
const MAX_SENTENCES = 2;
/** Dimensions of the hashing space used to break ties between equally overlapping sentences. */
const TIE_BREAK_DIMENSIONS = 256;
// Words of instructions ("answer the question using only the context") say nothing about
// the topic; matching on them would make every system prompt look relevant.
const INSTRUCTION_WORDS = new Set(
  'answer answers question questions context use using based please tell explain describe'.split(' '),
);

/** Split text into sentences (line breaks and sentence-final punctuation). */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => tokenizeWords(s).length > 0);
}

/** Content words of `text`, lightly stemmed so "refunds" matches "refund". */
function stems(text: string): Set<string> {
  const result = new Set<string>();
  for (const word of tokenizeWords(text)) {
    if (!STOPWORDS.has(word) && !INSTRUCTION_WORDS.has(word) && word.length > 1) result.add(lightStem(word));
  }
  return result;
}

/** The question is the last user turn; sentences in it that end with `?` when it also carries context. */
function splitQuestion(messages: readonly ChatMessage[]): { question: string; context: string[] } {
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      lastUser = i;
      break;
    }
  }
  const context: string[] = [];
  messages.forEach((message, index) => {
    // The simulator never quotes its own (or another model's) earlier answers.
    if (index !== lastUser && message.role !== 'assistant') context.push(...splitSentences(message.content));
  });
  if (lastUser < 0) return { question: '', context };
  const sentences = splitSentences(messages[lastUser]?.content ?? '');
  const questions = sentences.filter((s) => s.endsWith('?'));
  if (questions.length === 0 || questions.length === sentences.length) {
    return { question: messages[lastUser]?.content ?? '', context };
  }
  // "Context: … Question: …?" in one message: the non-question sentences are context too.
  context.push(...sentences.filter((s) => !s.endsWith('?')));
  return { question: questions.join(' '), context };
}

/**
 * The answer text (without the simulator prefix): up to two context sentences that share
 * the most content words with the question, in their original order.
 */
export function extractAnswer(messages: readonly ChatMessage[]): string {
  const { question, context } = splitQuestion(messages);
  const questionStems = stems(question);
  if (questionStems.size === 0 || context.length === 0) return NO_ANSWER;
  const questionVector = hashEmbedding(question, TIE_BREAK_DIMENSIONS);
  const seen = new Set<string>();
  const scored = context
    .map((sentence, position) => {
      const overlap = [...stems(sentence)].filter((s) => questionStems.has(s)).length;
      const vector = hashEmbedding(sentence, TIE_BREAK_DIMENSIONS);
      // Cosine (< 1) only breaks ties between sentences sharing as many words.
      const cosine = vector.reduce((sum, v, i) => sum + v * (questionVector[i] as number), 0);
      return { sentence, position, score: overlap + cosine, overlap };
    })
    .filter(({ sentence, overlap }) => {
      if (overlap === 0 || seen.has(sentence)) return false;
      seen.add(sentence);
      return true;
    })
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, MAX_SENTENCES)
    .sort((a, b) => a.position - b.position);
  return scored.length === 0 ? NO_ANSWER : scored.map((s) => s.sentence).join(' ');
}
