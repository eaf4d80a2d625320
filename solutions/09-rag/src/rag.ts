/**
 * The pipeline: retrieve → (nothing above the threshold? fall back) → assemble a delimited,
 * budgeted context → generate → check citations and groundedness → answer or fall back.
 * The model is never asked when retrieval found nothing, and its answer is never shown unchecked.
 */
import type { ChatModel, TokenUsage } from '@workshop/llm';
import { type AssembledContext, buildContext, type InjectionFinding } from './context.ts';
import { DEFAULT_ESCALATION, type Escalation, type FallbackReason, fallbackText } from './fallback.ts';
import { checkGroundedness, type GroundednessReport, stripSimulatorPrefix } from './grounding.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import type { Chunk, RetrievedChunk, SourceDocument } from './types.ts';

/**
 * Default similarity threshold for the offline hashing embeddings, measured with
 * `scripts/evaluate.ts` (see the README). Recalibrate for every embedding model.
 */
export const DEFAULT_MIN_SIMILARITY = 0.45;

/** Settings of the pipeline. */
export interface RagOptions {
  /** Indexed chunks to search. */
  knowledgeBase: KnowledgeBase;
  /** Writes the answer from the sources. */
  chat: ChatModel;
  /** Chunks retrieved per question. Default 5. */
  topK?: number;
  /** Cosine similarity a chunk needs to count as found. Default `DEFAULT_MIN_SIMILARITY`. */
  minSimilarity?: number;
  /** Token budget of the sources message. Default 1200. */
  contextTokens?: number;
  /** Cap on the answer's length in tokens. Default 300. */
  maxOutputTokens?: number;
  /** Share of a sentence's terms its cited sources must contain. Default 0.6. */
  minSupport?: number;
  /** Share of answer sentences that must be supported. Default 0.8. */
  minGroundedFraction?: number;
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
  /** Chunks retrieved above the threshold, best first. */
  retrieved: RetrievedChunk[];
  /** What was sent to the model; undefined when the model was not called. */
  context: AssembledContext | undefined;
  /** The model's raw answer, even when it was rejected; undefined when the model was not called. */
  modelText: string | undefined;
  /** The groundedness verdict; undefined when the model was not called. */
  grounding: GroundednessReport | undefined;
  /** Instruction-like text found in (and removed from) the retrieved chunks. */
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

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
const DECLINED = /^\s*(?:i don't know|i do not know|i could not find an answer)/i;

/** Build the pipeline. */
export function createRag(options: RagOptions): Rag {
  const settings = {
    topK: options.topK ?? 5,
    minSimilarity: options.minSimilarity ?? DEFAULT_MIN_SIMILARITY,
    contextTokens: options.contextTokens ?? 1200,
    maxOutputTokens: options.maxOutputTokens ?? 300,
    escalation: options.escalation ?? DEFAULT_ESCALATION,
  };
  const { knowledgeBase, chat } = options;

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
      const retrieved = await knowledgeBase.search(question, {
        topK: settings.topK,
        minSimilarity: settings.minSimilarity,
      });
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

      const grounding = checkGroundedness(response.text, context.sourceTexts, {
        ...(options.minSupport !== undefined ? { minSupport: options.minSupport } : {}),
        ...(options.minGroundedFraction !== undefined ? { minGroundedFraction: options.minGroundedFraction } : {}),
      });
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
