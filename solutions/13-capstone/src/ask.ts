/**
 * The ask pipeline: the reference patterns of the earlier labs, composed in the order a
 * production request needs them.
 *
 *   input guard (06) → retrieval with a threshold (09) → versioned prompt (05)
 *   → cache (04) → token budget (04) → provider chain: retries, breaker, fallback (03)
 *   → groundedness (09) → output guard (06) → audit trail (10) and KPIs
 *
 * Every exit is an answer the user can act on: an answer with citations, an honest "I don't
 * know" with a way to a human, or a degraded answer flagged as such. Only bugs become 500s.
 */
import type { ChatModel, ChatRequest, ChatResponse, TokenUsage } from '@workshop/llm';
import { countMessageTokens, countTokens, isProviderError } from '@workshop/llm';
import { drain, type FallbackChatModel, type Reported } from '@workshop-solutions/03-providers';
import { BudgetExceededError } from '@workshop-solutions/04-platform-patterns/budget-error.ts';
import type { ResponseCache } from '@workshop-solutions/04-platform-patterns/response-cache.ts';
import type { TokenBudget } from '@workshop-solutions/04-platform-patterns/token-budget.ts';
import { renderPrompt } from '@workshop-solutions/05-prompt-engineering';
import { embedCanary, redactPII, type SafetyPolicy } from '@workshop-solutions/06-safety';
import {
  type AssembledContext,
  buildContext,
  checkGroundedness,
  type Escalation,
  type FallbackReason,
  type KnowledgeBase,
  type RetrievedChunk,
} from '@workshop-solutions/09-rag';
import type { AuditLog } from '@workshop-solutions/10-agents';
import type { ServiceConfig } from './config.ts';
import { HttpError } from './errors.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { PromptSource } from './prompt-source.ts';
import { SentenceGate } from './stream-guard.ts';

/** How a question ended. */
export type AskStatus =
  /** Answered from the sources, with citations. */
  | 'answered'
  /** Not answered: nothing retrieved, or the model's answer was not backed by the sources (09). */
  | FallbackReason
  /** Answered without the model (or without retrieval) because a dependency is down. */
  | 'degraded'
  /** A guard held the question or the answer for a human (06's `escalate`). */
  | 'held_for_review'
  /** The output guard blocked the answer (e.g. system prompt leakage). */
  | 'withheld';

/** Why an answer is degraded. */
export type DegradedReason = 'providers_unavailable' | 'retrieval_unavailable';

/** A source the answer cites. */
export interface AskCitation {
  /** The `[n]` marker in the answer. */
  marker: number;
  /** Document, e.g. `labs/09-rag/README.md`. */
  source: string;
  /** Heading path inside the document, joined with ` > `. */
  heading: string;
  /** The start of the cited text. */
  excerpt: string;
}

/** The answer to one question: what to show, and how it was produced. */
export interface AskResult {
  /** Echo of the request id; use it for feedback. */
  requestId: string;
  /** How the question ended. */
  status: AskStatus;
  /** The text to show (already through the output guard). */
  answer: string;
  /** Sources the answer cites, in marker order. */
  citations: AskCitation[];
  /** Provider that wrote the answer; null when no model answered (fallback, degraded, cache miss paths). */
  provider: string | null;
  /** True when a fallback provider wrote the answer because the primary failed. */
  fallback: boolean;
  /** True when the service answered without a dependency; see `degradedReason`. */
  degraded: boolean;
  /** Why the answer is degraded; undefined otherwise. */
  degradedReason?: DegradedReason;
  /** True when the answer came from the response cache (nothing spent). */
  cached: boolean;
  /** The prompt version used; null when the model was not asked. */
  prompt: { id: string; version: string; hash: string } | null;
  /** Tokens spent on this question (zero for cache hits and answers without a model). */
  usage: TokenUsage;
  /** Cost of this question in US dollars. */
  costUsd: number;
  /** Who can help when the service could not: offered with every non-answer. */
  escalation: Escalation | null;
  /** Milliseconds spent waiting for providers (0 when no model was called); the rest is service overhead. */
  modelMs: number;
}

/** One question. */
export interface AskRequest {
  /** The user's question (validated for length by the route). */
  question: string;
  /** Pseudonymous user id (budgets, adoption). */
  userId: string;
  /** Request id (audit, feedback). */
  requestId: string;
  /** `json` or `stream`: a label on the metrics. */
  mode: 'json' | 'stream';
  /** Aborts the work when the client goes away. */
  signal?: AbortSignal;
  /** Streaming: receives answer text as it may be shown (whole, redacted sentences). */
  onText?: (text: string) => void;
}

/** Everything the pipeline composes. */
export interface AskDependencies {
  config: ServiceConfig;
  knowledgeBase: KnowledgeBase;
  /** The provider chain (03): `resilientChain([...])`. */
  chain: FallbackChatModel;
  prompts: PromptSource;
  policy: SafetyPolicy;
  /** Canary embedded in the system prompt; its appearance in an answer means the prompt leaked. */
  canary: string;
  cache: ResponseCache;
  budget: TokenBudget;
  audit: AuditLog;
  metrics: ServiceMetrics;
  escalation: Escalation;
  /** Wall clock in ms since the epoch (budget days). */
  now: () => number;
}

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/** What a fallback provider wrote: returned through the cache without being stored in it. */
class UncachedAnswer extends Error {
  readonly response: ChatResponse;
  constructor(response: ChatResponse) {
    super('answer from a fallback provider: not cached');
    this.response = response;
  }
}

/** A model call's outcome, whichever way it went. */
interface Generation {
  response: ChatResponse;
  /** Undefined on a cache hit. */
  report: Omit<Reported<unknown>, 'value'> | undefined;
}

/** Answers questions; one instance per service. */
export class AskPipeline {
  readonly #deps: AskDependencies;
  /** Fixed prompt tokens per prompt version hash. */
  readonly #fixedTokens = new Map<string, number>();

  constructor(deps: AskDependencies) {
    this.#deps = deps;
  }

  /** Answer one question. Throws `HttpError` for refusals (blocked input, budget) and anything else for bugs. */
  async ask(request: AskRequest): Promise<AskResult> {
    const { metrics, audit } = this.#deps;
    metrics.asks.inc({ mode: request.mode });
    audit.append({
      type: 'run_started',
      runId: request.requestId,
      role: `user:${request.userId}`,
      task: request.question,
    });
    let result: AskResult;
    try {
      result = await this.#answer(request);
    } catch (error) {
      const reason = error instanceof HttpError ? error.code : 'error';
      audit.append({
        type: 'run_finished',
        runId: request.requestId,
        status: 'refused',
        reason,
        steps: 0,
        usage: NO_USAGE,
        costUsd: 0,
      });
      throw error;
    }
    metrics.answers.inc({ status: result.status, mode: request.mode });
    if (result.status === 'answered') {
      metrics.taskTokens.observe(result.usage.totalTokens);
      metrics.taskCostUsd.observe(result.costUsd);
    }
    audit.append({
      type: 'run_finished',
      runId: request.requestId,
      status: result.status,
      ...(result.degradedReason ? { reason: result.degradedReason } : {}),
      steps: result.provider && !result.cached ? 1 : 0,
      usage: result.usage,
      costUsd: result.costUsd,
    });
    return result;
  }

  async #answer(request: AskRequest): Promise<AskResult> {
    const { config, knowledgeBase, metrics } = this.#deps;
    const base = this.#base(request);

    // 1. Input guard (06): a blocked question never reaches retrieval or a model.
    const held = this.#guardInput(request);
    if (held) return { ...base, ...held };

    // 2. Retrieval with a threshold (09). Nothing above it: an honest fallback, no model call.
    let retrieved: RetrievedChunk[];
    try {
      retrieved = await knowledgeBase.search(request.question, {
        topK: config.topK,
        minSimilarity: config.minSimilarity,
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      metrics.degraded.inc({ reason: 'retrieval_unavailable' });
      return {
        ...base,
        status: 'degraded',
        degraded: true,
        degradedReason: 'retrieval_unavailable',
        answer: 'The search index is unavailable right now, so I cannot look this up. Please try again in a minute.',
        escalation: this.#deps.escalation,
      };
    }
    const context = buildContext(request.question, retrieved, { maxTokens: config.contextTokens });
    if (context.findings.length > 0) {
      // Instructions planted in a document: removed from the context, and an incident to fix at the source.
      metrics.injectionIncidents.inc({ stage: 'retrieval' }, context.findings.length);
    }
    if (context.sources.length === 0) {
      metrics.noResults.inc();
      return this.#fallback(base, 'no_result');
    }

    // 3. The live prompt version (05), rendered with the sources and the question.
    const prompt = await this.#deps.prompts.current();
    const rendered = renderPrompt(prompt, {
      sources: (context.messages[1]?.content as string) ?? '',
      question: request.question,
    });
    const chatRequest = this.#withCanary(rendered.request);
    if (request.signal) chatRequest.signal = request.signal;
    base.prompt = { id: rendered.promptId, version: rendered.version, hash: rendered.hash };
    // The prompt's size for the budget, without tokenizing the whole prompt again: the sources were
    // counted when the context was assembled, the fixed part once per prompt version.
    const inputTokens =
      this.#fixedPromptTokens(rendered.hash, chatRequest) + context.sourceTokens + countTokens(request.question);

    // 4. Cache, budget and provider chain (04, 03). All providers down: degrade, do not fail.
    let generation: Generation;
    try {
      generation = await this.#generate(chatRequest, request, inputTokens);
    } catch (error) {
      if (error instanceof BudgetExceededError) {
        metrics.budgetRejections.inc({ budget: error.budget });
        throw budgetError(error, this.#deps.now());
      }
      if (!isProviderError(error) || error.kind === 'aborted') throw error;
      metrics.degraded.inc({ reason: 'providers_unavailable' });
      return this.#degraded(base, context);
    }
    const { response, report } = generation;
    const cached = report === undefined;
    metrics.cacheLookups.inc({ result: cached ? 'hit' : 'miss' });
    if (report && report.fallbackDepth > 0) metrics.fallbacks.inc({ provider: report.provider });
    if (!cached) {
      metrics.tokens.inc({ direction: 'input' }, response.usage.inputTokens);
      metrics.tokens.inc({ direction: 'output' }, response.usage.outputTokens);
      metrics.costUsd.inc(response.cost.totalUsd);
    }
    this.#deps.audit.append({
      type: 'model_call',
      runId: request.requestId,
      step: 1,
      provider: cached ? 'cache' : response.provider,
      model: response.model,
      usage: response.usage,
      costUsd: response.cost.totalUsd,
      priced: response.cost.priced,
      toolCalls: [],
    });
    const spent = {
      modelMs: report ? report.attempts.reduce((sum, a) => sum + a.durationMs + a.delayMs, 0) : 0,
      provider: response.provider,
      fallback: (report?.fallbackDepth ?? 0) > 0,
      cached,
      usage: response.usage,
      costUsd: response.cost.totalUsd,
    };

    // 5. Groundedness (09): an answer the sources do not back is replaced by the fallback.
    const grounding = checkGroundedness(response.text, context.sourceTexts);
    const declined = /^\s*(?:\[offline simulator\]\s*)?(?:i don't know|i do not know|i could not find)/i.test(
      response.text,
    );
    if (declined) return { ...this.#fallback(base, 'declined'), ...spent };
    if (grounding.invalidMarkers.length > 0) return { ...this.#fallback(base, 'invalid_citation'), ...spent };
    if (!grounding.grounded) return { ...this.#fallback(base, 'ungrounded'), ...spent };

    // 6. Output guard (06): redact PII, block a leaked system prompt, hold risky answers for a human.
    const output = this.#guardOutput(request, response.text);
    const markers = [...new Set(grounding.sentences.flatMap((s) => s.markers))].sort((a, b) => a - b);
    return {
      ...base,
      ...spent,
      ...output,
      citations: output.status === 'answered' ? citationsFor(markers, context) : [],
    };
  }

  /** The fields every result starts from. */
  #base(request: AskRequest): AskResult {
    return {
      requestId: request.requestId,
      status: 'answered',
      answer: '',
      citations: [],
      provider: null,
      fallback: false,
      degraded: false,
      cached: false,
      prompt: null,
      usage: NO_USAGE,
      costUsd: 0,
      escalation: null,
      modelMs: 0,
    };
  }

  /** Input guard: throws 400 on block, returns a held result on escalate, undefined on allow. */
  #guardInput(request: AskRequest): Pick<AskResult, 'status' | 'answer' | 'escalation'> | undefined {
    const { policy, audit, escalation } = this.#deps;
    // Violations, injection incidents and escalations are counted by the policy's incident log (components.ts).
    const decision = policy.checkInput(request.question);
    audit.append({
      type: 'decision',
      runId: request.requestId,
      toolCallId: 'input-guard',
      tool: 'safety.input',
      decision: decision.action === 'allow' ? 'allow' : decision.action === 'block' ? 'deny' : 'needs_approval',
      reason: decision.reason,
    });
    if (decision.action === 'allow') return undefined;
    if (decision.action === 'escalate') {
      return {
        status: 'held_for_review',
        answer: `Your question was passed to ${escalation.team} for review; they will get back to you.`,
        escalation,
      };
    }
    throw new HttpError(400, 'input_blocked', `the question was blocked by the input policy: ${decision.reason}`);
  }

  /** Output guard on the whole answer; the streamed text went through `SentenceGate` already. */
  #guardOutput(request: AskRequest, text: string): Pick<AskResult, 'status' | 'answer' | 'escalation'> {
    const { policy, audit, escalation, canary } = this.#deps;
    const decision = policy.checkOutput(text, { canary });
    audit.append({
      type: 'decision',
      runId: request.requestId,
      toolCallId: 'output-guard',
      tool: 'safety.output',
      decision: decision.action === 'block' ? 'deny' : decision.action === 'escalate' ? 'needs_approval' : 'allow',
      reason: decision.reason,
    });
    if (decision.action === 'allow') return { status: 'answered', answer: text, escalation: null };
    if (decision.action === 'redact') return { status: 'answered', answer: decision.text ?? '', escalation: null };
    if (decision.action === 'escalate') {
      return {
        status: 'held_for_review',
        answer: `The answer contained sensitive data and was passed to ${escalation.team} for review.`,
        escalation,
      };
    }
    return { status: 'withheld', answer: 'The answer was withheld by the output policy.', escalation };
  }

  /** Tokens of a rendered prompt without its variables (system text, message framing), counted once per version. */
  #fixedPromptTokens(hash: string, request: ChatRequest): number {
    let tokens = this.#fixedTokens.get(hash);
    if (tokens === undefined) {
      const frame = request.messages.map((m) => (m.role === 'system' ? m : { ...m, content: '' }));
      tokens = countMessageTokens(frame, this.#deps.chain.modelId);
      this.#fixedTokens.set(hash, tokens);
    }
    return tokens;
  }

  /** The system message carries the canary: if it ever shows up in an answer, the prompt leaked. */
  #withCanary(request: ChatRequest): ChatRequest {
    const messages = request.messages.map((m) =>
      m.role === 'system' ? { ...m, content: embedCanary(m.content, this.#deps.canary) } : m,
    );
    return { ...request, messages };
  }

  /**
   * The model call behind the cache: a miss reserves the budget, calls the chain (streaming when
   * the client streams) and settles the budget with what was really used. Fallback answers go
   * back through the cache without being stored: they must not outlive the outage.
   */
  async #generate(chatRequest: ChatRequest, request: AskRequest, inputTokens: number): Promise<Generation> {
    const { chain, cache, budget } = this.#deps;
    let report: Generation['report'];
    const gate = request.onText ? new SentenceGate((text) => redactPII(text).text) : undefined;
    const call = async (req: ChatRequest): Promise<ChatResponse> => {
      const maxOutputTokens = req.maxOutputTokens ?? 300;
      const reservation = budget.reserve(request.userId, inputTokens + maxOutputTokens);
      try {
        const reported = gate ? await this.#stream(req, gate, request) : await chain.generateWithReport(req);
        reservation.settle(reported.value.usage.totalTokens);
        report = { provider: reported.provider, fallbackDepth: reported.fallbackDepth, attempts: reported.attempts };
        if (reported.fallbackDepth > 0) throw new UncachedAnswer(reported.value);
        return reported.value;
      } catch (error) {
        if (!(error instanceof UncachedAnswer)) reservation.release();
        throw error;
      }
    };
    const model: ChatModel = {
      provider: chain.provider,
      modelId: chain.modelId,
      capabilities: chain.capabilities,
      generate: call,
      stream: () => {
        throw new Error('the cache calls generate() only');
      },
    };
    let response: ChatResponse;
    try {
      response = await cache.generate(model, chatRequest);
    } catch (error) {
      if (!(error instanceof UncachedAnswer)) throw error;
      response = error.response;
    }
    if (gate && report === undefined) request.onText?.(redactPII(response.text).text); // a cache hit: all at once
    return { response, report };
  }

  /** Stream from the chain, passing redacted sentences on; resolves with the final response. */
  async #stream(req: ChatRequest, gate: SentenceGate, request: AskRequest): Promise<Reported<ChatResponse>> {
    const opened = await this.#deps.chain.openStream(req);
    let final: ChatResponse | undefined;
    for await (const event of drain(opened.value)) {
      if (event.type === 'text-delta') {
        const ready = gate.push(event.text);
        if (ready) request.onText?.(ready);
      } else if (event.type === 'finish') {
        final = event.response;
      }
    }
    const rest = gate.flush();
    if (rest) request.onText?.(rest);
    if (!final) throw new Error('the provider stream ended without a finish event');
    return { ...opened, value: final };
  }

  /** The honest "I don't know", with the way to a human. */
  #fallback(base: AskResult, reason: FallbackReason): AskResult {
    const { escalation } = this.#deps;
    const why =
      reason === 'no_result'
        ? "nothing in the workshop's material matches this question closely enough"
        : "I could not write an answer that the workshop's material backs up";
    return {
      ...base,
      status: reason,
      answer: `I don't know: ${why}. Would you like to ask ${escalation.team} (${escalation.contact})?`,
      escalation,
    };
  }

  /** No model available: show the best passages instead, flagged as degraded. */
  #degraded(base: AskResult, context: AssembledContext): AskResult {
    const top = context.sources.slice(0, 3);
    const lines = top.map((item, i) => `[${i + 1}] ${redactPII(excerpt(item.chunk.text, 200)).text}`);
    return {
      ...base,
      status: 'degraded',
      degraded: true,
      degradedReason: 'providers_unavailable',
      answer: `No model is reachable right now, so here are the most relevant passages instead:\n${lines.join('\n')}`,
      citations: citationsFor(
        top.map((_, i) => i + 1),
        context,
      ),
      escalation: this.#deps.escalation,
    };
  }
}

/** A 429 that says which budget ran out and when to come back. */
function budgetError(error: BudgetExceededError, now: number): HttpError {
  // Daily budgets reset at midnight UTC; a per-request budget never will, so no Retry-After then.
  const secondsToMidnight = Math.ceil((86_400_000 - (now % 86_400_000)) / 1000);
  const headers: Record<string, string> = error.budget === 'daily' ? { 'retry-after': String(secondsToMidnight) } : {};
  return new HttpError(429, 'budget_exceeded', error.message, headers);
}

/** The citations for `markers` (1-based positions in `context.sources`), excerpts redacted. */
export function citationsFor(markers: number[], context: AssembledContext): AskCitation[] {
  return markers.flatMap((marker) => {
    const item = context.sources[marker - 1];
    if (!item) return [];
    return [
      {
        marker,
        source: item.chunk.source,
        heading: item.chunk.headingPath.join(' > '),
        // Sources can hold PII too: what is shown of them goes through the same redaction as answers.
        excerpt: redactPII(excerpt(item.chunk.text, 240)).text,
      },
    ];
  });
}

/** The start of `text` on one line, at most `max` characters. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
