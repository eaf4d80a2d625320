/**
 * @workshop-solutions/09-rag — retrieval-augmented generation over Markdown documents:
 * structure-aware chunking with stable ids, hybrid retrieval (vector + BM25, RRF) with a
 * similarity threshold, delimited and budgeted context, cited answers checked for groundedness,
 * an honest fallback with escalation, and an end-to-end evaluation.
 */
export { Bm25Index, type KeywordHit, keywordText } from './bm25.ts';
export { chunkDocument, chunkDocuments } from './chunk.ts';
export {
  type AssembledContext,
  buildContext,
  type ContextOptions,
  type InjectionFinding,
  renderSource,
  SYSTEM_POLICY,
} from './context.ts';
export {
  type EvalQuestion,
  EvalQuestionSchema,
  FIXTURES_DIR,
  type GoldSection,
  HANDBOOK_DIR,
  isAnswerable,
  loadHandbook,
  loadQuestions,
  QUESTIONS_FILE,
} from './corpus.ts';
export {
  containsFacts,
  type EvaluationReport,
  evaluate,
  formatReport,
  goldChunkIds,
  type QuestionResult,
  recallAtK,
  scoreQuestion,
  summarize,
} from './evaluate.ts';
export { DEFAULT_ESCALATION, type Escalation, type FallbackReason, fallbackText } from './fallback.ts';
export { type FusedResult, RRF_K, reciprocalRankFusion } from './fusion.ts';
export {
  answerSentences,
  checkGroundedness,
  citationMarkers,
  type GroundednessOptions,
  type GroundednessReport,
  type SentenceCheck,
} from './grounding.ts';
export { chunkId } from './ids.ts';
export {
  createKnowledgeBase,
  defaultCollectionName,
  type IndexReport,
  type KnowledgeBase,
  type KnowledgeBaseOptions,
  type SearchOptions,
} from './knowledge-base.ts';
export { type Block, parseMarkdown, type Section } from './markdown.ts';
export {
  type AnswerStatus,
  type Citation,
  createRag,
  DEFAULT_MIN_SIMILARITY,
  type Rag,
  type RagAnswer,
  type RagOptions,
} from './rag.ts';
export {
  escapeDelimiters,
  findInstructions,
  INSTRUCTION_PATTERNS,
  neutralizeInstructions,
  REDACTION,
} from './safety.ts';
export * from './types.ts';
