/**
 * The pipeline: retrieve → keep what counts as found (`relevantHits`, DoD-4; nothing? fall back
 * without calling the model) → assemble a delimited, budgeted context → generate → check
 * citations and groundedness (DoD-5) → answer or fall back. Its answer is never shown unchecked.
 * Given code: the same file in the starter and the solution.
 */
import type { ChatModel, TokenUsage } from '@workshop/llm';
import { type AssembledContext, buildContext, type InjectionFinding } from './context.ts';
import { DEFAULT_ESCALATION, type Escalation, type FallbackReason, fallbackText } from './fallback.ts';
import { checkGroundedness, type GroundednessReport, stripSimulatorPrefix } from './grounding.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { relevantHits } from './threshold.ts';
import type { Chunk, RetrievedChunk, SourceDocument } from './types.ts';

/** Settings of the pipeline. */
export interface RagOptions {
  /** Indexed chunks to search. */
  knowledgeBase: KnowledgeBase;
  /** Writes the answer from the sources. */
  chat: ChatModel;
  /** Candidates retrieved per question, before the gate. Default 5. */
  topK?: number;
  /**
   * Which candidates count as found (`[]`: "I don't know", no model call). Default: your
   * `relevantHits` (DoD-4), calibrated for the lab's offline embedding model; another embedding
   * model needs its own calibration.
   */
  gate?: (candidates: readonly RetrievedChunk[]) => RetrievedChunk[];
  /** Token budget of the sources message. Default 1200. */
  contextTokens?: number;
  /** Cap on the answer's length in tokens. Default 300. */
  maxOutputTokens?: number;
  /** Who takes questions the pipeline cannot answer. Default `DEFAULT_ESCALATION`. */
  escalation?: Escalation;
}

/** How a question ended. */
export type AnswerStatus = 'answered' | FallbackReason;

/** A citation resolved to the chunk it points at. */
export interface Citation {
  /** The marker number, `[n]`. */
  marker: number;
  /** The cited chunk. */
  chunk: Chunk;
}

/** The pipeline's result: what to show, and everything needed to audit it. */
export interface RagAnswer {
  /** `answered`, or why the fallback was shown. */
  status: AnswerStatus;
  /** What to show the user: the model's answer, or the fallback text. */
  text: string;
  /** Chunks the shown answer cites (empty for a fallback). */
  citations: Citation[];
  /** Escalation offered with a fallback; undefined when answered. */
  escalation: Escalation | undefined;
  /** The chunks that counted as found (`relevantHits`), best first. */
  retrieved: RetrievedChunk[];
  /** What was sent to the model; undefined when the model was not called. */
  context: AssembledContext | undefined;
  /** The model's raw answer, even when it was rejected; undefined when the model was not called. */
  modelText: string | undefined;
  /** The groundedness verdict; undefined when the model was not called. */
  grounding: GroundednessReport | undefined;
  /** Text screened out of the retrieved chunks' sections at indexing (it never reached the model). */
  injections: InjectionFinding[];
  /** Tokens of the model call (zeros when it was not called). */
  usage: TokenUsage;
}

/** A question-answering pipeline over a knowledge base. */
export interface Rag {
  /** Index documents (idempotent). */
  index(docs: readonly SourceDocument[]): ReturnType<KnowledgeBase['index']>;
  /** Answer one question, or fall back. */
  ask(question: string, options?: { signal?: AbortSignal }): Promise<RagAnswer>;
}

/** Longer questions are refused: they cost tokens and are where pasted-in attacks hide. */
export const MAX_QUESTION_CHARS = 2_000;
const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
const DECLINED = /^\s*(?:i don't know|i do not know|i could not find an answer)/i;

/** Build the pipeline. */
export function createRag(options: RagOptions): Rag {
  const settings = {
    topK: options.topK ?? 5,
    contextTokens: options.contextTokens ?? 1200,
    maxOutputTokens: options.maxOutputTokens ?? 300,
    escalation: options.escalation ?? DEFAULT_ESCALATION,
  };
  const { knowledgeBase, chat } = options;
  const gate = options.gate ?? relevantHits;

  const fallback = (reason: FallbackReason, partial: Partial<RagAnswer>): RagAnswer => ({
    status: reason,
    text: fallbackText(reason, settings.escalation),
    citations: [],
    escalation: settings.escalation,
    retrieved: [],
    context: undefined,
    modelText: undefined,
    grounding: undefined,
    injections: [],
    usage: NO_USAGE,
    ...partial,
  });

  return {
    index: (docs) => knowledgeBase.index(docs),
    async ask(question, askOptions = {}) {
      if (!question.trim()) throw new Error('ask: the question is empty');
      if (question.length > MAX_QUESTION_CHARS) {
        throw new Error(`ask: the question has ${question.length} characters; the limit is ${MAX_QUESTION_CHARS}`);
      }
      const candidates = await knowledgeBase.search(question, { topK: settings.topK });
      const retrieved = gate(candidates);
      if (retrieved.length === 0) return fallback('no_result', {});

      const context = buildContext(question, retrieved, { maxTokens: settings.contextTokens });
      if (context.sources.length === 0) return fallback('no_result', { retrieved, injections: context.findings });
      const response = await chat.generate({
        messages: context.messages,
        temperature: 0,
        maxOutputTokens: settings.maxOutputTokens,
        ...(askOptions.signal ? { signal: askOptions.signal } : {}),
      });
      const audit = {
        retrieved,
        context,
        modelText: response.text,
        injections: context.findings,
        usage: response.usage,
      };
      if (DECLINED.test(stripSimulatorPrefix(response.text))) return fallback('declined', audit);

      const grounding = checkGroundedness(response.text, context.sourceTexts);
      if (grounding.invalidMarkers.length > 0) return fallback('invalid_citation', { ...audit, grounding });
      if (!grounding.grounded) return fallback('ungrounded', { ...audit, grounding });

      const markers = [...new Set(grounding.sentences.flatMap((s) => s.markers))].sort((a, b) => a - b);
      return {
        status: 'answered',
        text: response.text,
        citations: markers.map((marker) => ({ marker, chunk: (context.sources[marker - 1] as RetrievedChunk).chunk })),
        escalation: undefined,
        grounding,
        ...audit,
      };
    },
  };
}
