/**
 * @workshop-solutions/09-rag — retrieval-augmented generation over Markdown documents:
 * screening of planted instructions at ingestion, structure-aware chunking with stable ids,
 * hybrid retrieval (vector + BM25, fused) with a relevance gate, delimited and budgeted context,
 * cited answers checked for groundedness, and an honest fallback with escalation.
 */
export { Bm25Index, type KeywordHit, keywordText } from './bm25.ts';
export {
  chunkAndScreen,
  chunkDocument,
  chunkDocuments,
  type InstructionScreen,
  type ScreenFinding,
} from './chunk.ts';
export { chunkingChoice } from './chunking.ts';
export {
  type AssembledContext,
  buildContext,
  type ContextOptions,
  escapeDelimiters,
  type InjectionFinding,
  renderSource,
  SYSTEM_POLICY,
} from './context.ts';
export { FIXTURES_DIR, HANDBOOK_DIR, LAB_DIR, loadHandbook } from './corpus.ts';
export { DEFAULT_ESCALATION, type Escalation, type FallbackReason, fallbackText } from './fallback.ts';
export { type Fused, fuse, type Rankings } from './fusion.ts';
export {
  answerSentences,
  checkGroundedness,
  citationMarkers,
  type GroundednessOptions,
  type GroundednessReport,
  type SentenceCheck,
} from './grounding.ts';
export { chunkId } from './ids.ts';
export { isInstruction } from './injection.ts';
export {
  createKnowledgeBase,
  defaultCollectionName,
  type IndexReport,
  type KnowledgeBase,
  type KnowledgeBaseOptions,
  type SearchOptions,
} from './knowledge-base.ts';
export { type Block, parseMarkdown, type Section } from './markdown.ts';
export { labChat, labEmbedder } from './offline-stack.ts';
export {
  type AnswerStatus,
  type Citation,
  createRag,
  MAX_QUESTION_CHARS,
  type Rag,
  type RagAnswer,
  type RagOptions,
} from './rag.ts';
export { type Screened, screenBlocks } from './screen.ts';
export { isSupported } from './supported.ts';
export { relevantHits } from './threshold.ts';
export * from './types.ts';
