/**
 * The ask pipeline: the reference patterns of the earlier labs, composed in the order a
 * production request needs them.
 *
 *   input guard (06) → retrieval with a threshold (09) → versioned prompt (05)
 *   → cache (04) → token budget (04) → provider chain: retries, breaker, fallback, deadline (03)
 *   → output guard (06 + the prompt-echo check) → groundedness (09) → audit trail (10) and KPIs
 *
 * Every exit is an answer the user can act on: an answer with citations, an honest "I don't
 * know" with a way to a human, or a degraded answer flagged as such. Only bugs become 500s. Every
 * exit passes the output guard, and a streamed answer is released only piece by piece as the guard
 * passes on it. The pipeline knows nothing about which model answered: no provider, simulator
 * included, gets a special case.
 */
import { type Context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ChatModel, ChatRequest, ChatResponse, TokenUsage } from '@workshop/llm';
import { costOf, countMessageTokens, countTokens, isProviderError } from '@workshop/llm';
import {
  type Attempt,
  attemptsOf,
  drain,
  type FallbackChatModel,
  type Reported,
  ResilientChatModel,
} from '@workshop-solutions/03-providers';
import { BudgetExceededError } from '@workshop-solutions/04-platform-patterns/budget-error.ts';
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
import type { AuditEvent } from '@workshop-solutions/10-agents';
import type { AuditTrail } from './audit-trail.ts';
import type { ServiceConfig } from './config.ts';
import { HttpError } from './errors.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { GuardContext, OutputGuard } from './output-guard.ts';
import type { PromptSource } from './prompt-source.ts';
import { SharedCircuitBreaker } from './shared/breaker.ts';
import type { SharedResponseCache } from './shared/response-cache.ts';
import type { LedgerReservation, TokenLedger } from './shared/token-ledger.ts';
import { GEN_AI, type Tracing } from './tracing.ts';

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
  /** The answer's id: generated by the server, never taken from the client (audit, feedback). */
  requestId: string;
  /** `json` or `stream`: a label on the metrics. */
  mode: 'json' | 'stream';
  /** Aborts the work when the client goes away. */
  signal?: AbortSignal;
  /** Streaming: receives answer text once the output guard has passed on it (redacted pieces). */
  onText?: (text: string) => void;
  /** The request's trace context: spans of this question are its children. */
  traceContext?: Context;
  /** The request's trace id, recorded in every audit entry. */
  traceId?: string;
}

/** Everything the pipeline composes. */
export interface AskDependencies {
  config: ServiceConfig;
  knowledgeBase: KnowledgeBase;
  /** The provider chain (03): resilient members under one overall deadline. */
  chain: FallbackChatModel;
  prompts: PromptSource;
  /** The safety policy (06): the input guard, and the incident log every violation lands in. */
  policy: SafetyPolicy;
  /** Canary embedded in the system prompt; its appearance in an answer means the prompt leaked. */
  canary: string;
  /** The output guard every answer passes. */
  guard: OutputGuard;
  cache: SharedResponseCache;
  budget: TokenLedger;
  audit: AuditTrail;
  metrics: ServiceMetrics;
  escalation: Escalation;
  tracing: Tracing;
  /** Wall clock in ms since the epoch (budget days). */
  now: () => number;
}

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/** What the user gets when the output guard blocks an answer. */
const WITHHELD = 'The answer was withheld by the output policy.';

/**
 * A reply that says it cannot answer: the prompt's "I don't know", or a model's own words for it,
 * in its first sentence and without a source marker there.
 */
const DECLINES = /\b(?:i don['’]t know|i do not know|i could not find|i cannot find|i can['’]t find)\b/i;

/** An answer that must not be stored in the cache: a fallback provider's, or one the guard cut. */
class UncachedAnswer extends Error {
  readonly response: ChatResponse;
  constructor(response: ChatResponse) {
    super('answer not to be cached');
    this.response = response;
  }
}

/** A model call's outcome, whichever way it went. */
interface Generation {
  response: ChatResponse;
  /** Undefined on a cache hit. */
  report: Omit<Reported<unknown>, 'value'> | undefined;
  /** Why the stream guard stopped the answer; undefined when it did not. */
  blocked?: string;
}

/** Answers questions; one instance per service. */
export class AskPipeline {
  readonly #deps: AskDependencies;
  /** Fixed prompt tokens per prompt version hash. */
  readonly #fixedTokens = new Map<string, number>();
  /** The chain's breakers whose state is shared through the store. */
  readonly #breakers: SharedCircuitBreaker[];

  constructor(deps: AskDependencies) {
    this.#deps = deps;
    this.#breakers = deps.chain.models.flatMap((model) =>
      model instanceof ResilientChatModel && model.breaker instanceof SharedCircuitBreaker ? [model.breaker] : [],
    );
  }

  /**
   * Answer one question. Throws `HttpError` for refusals (blocked input, budget), the store's error
   * when budgets cannot be checked, and anything else for bugs.
   */
  async ask(request: AskRequest): Promise<AskResult> {
    const { metrics } = this.#deps;
    metrics.asks.inc({ mode: request.mode });
    this.#audit(request, {
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
      this.#audit(request, {
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
    if (request.traceContext) {
      trace.getSpan(request.traceContext)?.setAttributes({
        'capstone.answer.status': result.status,
        'capstone.answer.cached': result.cached,
        'capstone.answer.degraded': result.degraded,
      });
    }
    this.#audit(request, {
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
    const { config, metrics } = this.#deps;
    const base = this.#base(request);
    // Until the prompt is rendered, the guard checks the canary and PII (no instructions to echo yet).
    let guardContext: GuardContext = { systemPrompt: '', allowed: request.question };

    // 1. Input guard (06): a blocked question never reaches retrieval or a model.
    const held = this.#guardInput(request);
    if (held) return this.#release({ ...base, ...held }, guardContext);

    // 2. Retrieval with a threshold (09). Nothing above it: an honest fallback, no model call.
    let retrieved: RetrievedChunk[];
    try {
      retrieved = await this.#retrieve(request);
    } catch (error) {
      if (request.signal?.aborted) throw error;
      metrics.degraded.inc({ reason: 'retrieval_unavailable' });
      const answer =
        'The search index is unavailable right now, so I cannot look this up. Please try again in a minute.';
      const degraded: AskResult = {
        ...base,
        status: 'degraded',
        degraded: true,
        degradedReason: 'retrieval_unavailable',
        answer,
        escalation: this.#deps.escalation,
      };
      return this.#release(degraded, guardContext);
    }
    const context = buildContext(request.question, retrieved, { maxTokens: config.contextTokens });
    if (context.findings.length > 0) {
      // Instructions planted in a document: removed from the context, and an incident to fix at the source.
      metrics.injectionIncidents.inc({ stage: 'retrieval' }, context.findings.length);
    }
    if (context.sources.length === 0) {
      metrics.noResults.inc();
      return this.#release(this.#fallback(base, 'no_result'), guardContext);
    }

    // 3. The live prompt version (05), rendered with the sources and the question.
    const prompt = await this.#deps.prompts.current();
    const sources = (context.messages[1]?.content as string) ?? '';
    const rendered = renderPrompt(prompt, { sources, question: request.question });
    const chatRequest = this.#withCanary(rendered.request);
    if (request.signal) chatRequest.signal = request.signal;
    base.prompt = { id: rendered.promptId, version: rendered.version, hash: rendered.hash };
    const systemPrompt = chatRequest.messages.find((m) => m.role === 'system')?.content;
    guardContext = {
      systemPrompt: typeof systemPrompt === 'string' ? systemPrompt : '',
      allowed: `${sources}\n${request.question}`,
    };
    // The prompt's size for the budget, without tokenizing the whole prompt again: the sources were
    // counted when the context was assembled, the fixed part once per prompt version.
    const inputTokens =
      this.#fixedPromptTokens(rendered.hash, chatRequest) + context.sourceTokens + countTokens(request.question);

    // 4. Cache, budget and provider chain (04, 03). All providers down: degrade, do not fail.
    let generation: Generation;
    try {
      generation = await this.#generate(chatRequest, request, inputTokens, guardContext);
    } catch (error) {
      if (error instanceof BudgetExceededError) {
        metrics.budgetRejections.inc({ budget: error.budget });
        throw budgetError(error, this.#deps.now());
      }
      if (!isProviderError(error) || error.kind === 'aborted') throw error;
      metrics.degraded.inc({ reason: 'providers_unavailable' });
      return this.#release(this.#degraded(base, context), guardContext);
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
    this.#audit(request, {
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

    // 5. Output guard, first part (06 canary + the prompt-echo check): a leak is withheld and counted
    //    as a violation whatever else is wrong with the answer. A stream the guard cut ends here too.
    if (generation.blocked !== undefined)
      return { ...base, ...spent, ...this.#guardCut(request, response.text, guardContext) };
    const leak = this.#deps.guard.findLeak(response.text, guardContext);
    if (leak) {
      this.#deps.guard.recordLeak(leak, response.text);
      this.#auditOutput(request, 'deny', leak.reason);
      return { ...base, ...spent, status: 'withheld', answer: WITHHELD, escalation: this.#deps.escalation };
    }

    // 6. Groundedness (09): an answer the sources do not back is replaced by the fallback.
    const grounding = checkGroundedness(response.text, context.sourceTexts);
    const firstSentence = response.text.trim().split(/(?<=[.!?])\s+/)[0] ?? '';
    if (DECLINES.test(firstSentence) && !/\[\d+\]/.test(firstSentence)) {
      return this.#release({ ...this.#fallback(base, 'declined'), ...spent }, guardContext);
    }
    if (grounding.invalidMarkers.length > 0) {
      return this.#release({ ...this.#fallback(base, 'invalid_citation'), ...spent }, guardContext);
    }
    if (!grounding.grounded) return this.#release({ ...this.#fallback(base, 'ungrounded'), ...spent }, guardContext);

    // 7. Output guard, second part (06): redact PII, hold risky answers for a human.
    const output = this.#guardOutput(request, response.text, guardContext);
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

  /** Retrieval (09) in a span of its own. */
  async #retrieve(request: AskRequest): Promise<RetrievedChunk[]> {
    const { config, knowledgeBase, tracing } = this.#deps;
    const span = tracing.tracer.startSpan(
      `retrieval ${knowledgeBase.collection}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [GEN_AI.operation]: 'retrieval',
          [GEN_AI.dataSource]: knowledgeBase.collection,
          'capstone.retrieval.top_k': config.topK,
          'capstone.retrieval.min_similarity': config.minSimilarity,
          ...(tracing.captureContent ? { [GEN_AI.queryText]: redactPII(request.question).text } : {}),
        },
      },
      request.traceContext,
    );
    try {
      const found = await knowledgeBase.search(request.question, {
        topK: config.topK,
        minSimilarity: config.minSimilarity,
      });
      span.setAttribute('capstone.retrieval.results', found.length);
      return found;
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  /** Input guard: throws 400 on block, returns a held result on escalate, undefined on allow. */
  #guardInput(request: AskRequest): Pick<AskResult, 'status' | 'answer' | 'escalation'> | undefined {
    const { policy, escalation } = this.#deps;
    // Violations, injection incidents and escalations are counted by the policy's incident log (components.ts).
    const decision = policy.checkInput(request.question);
    this.#audit(request, {
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

  /** The output guard's PII part on a model's answer (leaks were checked before groundedness). */
  #guardOutput(
    request: AskRequest,
    text: string,
    context: GuardContext,
  ): Pick<AskResult, 'status' | 'answer' | 'escalation'> {
    const { escalation } = this.#deps;
    const verdict = this.#deps.guard.check(text, context);
    this.#auditOutput(
      request,
      verdict.action === 'block' ? 'deny' : verdict.action === 'escalate' ? 'needs_approval' : 'allow',
      verdict.reason,
    );
    if (verdict.action === 'allow' || verdict.action === 'redact') {
      return { status: 'answered', answer: verdict.text, escalation: null };
    }
    if (verdict.action === 'escalate') {
      return {
        status: 'held_for_review',
        answer: `The answer contained sensitive data and was passed to ${escalation.team} for review.`,
        escalation,
      };
    }
    return { status: 'withheld', answer: WITHHELD, escalation };
  }

  /** A stream the guard stopped: the whole text received is judged (and recorded) once. */
  #guardCut(
    request: AskRequest,
    text: string,
    context: GuardContext,
  ): Pick<AskResult, 'status' | 'answer' | 'escalation'> {
    const output = this.#guardOutput(request, text, context);
    // The guard saw a leak or data for a human in a window: whatever the whole says, the stream was cut.
    return output.status === 'answered'
      ? { status: 'withheld', answer: WITHHELD, escalation: this.#deps.escalation }
      : output;
  }

  /**
   * The exit of every answer that is not a model's (a fallback, a degraded answer, a held
   * question): it passes the same output guard, and what the guard stops does not leave.
   */
  #release(result: AskResult, context: GuardContext): AskResult {
    const verdict = this.#deps.guard.check(result.answer, context);
    if (verdict.action === 'allow' || verdict.action === 'redact') return { ...result, answer: verdict.text };
    return { ...result, status: 'withheld', answer: WITHHELD, citations: [], escalation: this.#deps.escalation };
  }

  #auditOutput(request: AskRequest, decision: 'allow' | 'deny' | 'needs_approval', reason: string): void {
    this.#audit(request, {
      type: 'decision',
      runId: request.requestId,
      toolCallId: 'output-guard',
      tool: 'safety.output',
      decision,
      reason,
    });
  }

  #audit(request: AskRequest, event: AuditEvent): void {
    this.#deps.audit.append(event, request.traceId);
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
   * The model call behind the cache: a miss reserves the budget, calls the chain (streaming through
   * the output guard when the client streams) and settles the budget with what the providers billed
   * — what they reported, or, for a call that failed or was cut, an estimate of it. Answers of a
   * fallback provider and streams the guard cut go back through the cache without being stored.
   */
  async #generate(
    chatRequest: ChatRequest,
    request: AskRequest,
    inputTokens: number,
    guardContext: GuardContext,
  ): Promise<Generation> {
    const { chain, cache, budget } = this.#deps;
    let report: Generation['report'];
    let blocked: string | undefined;
    const call = async (req: ChatRequest): Promise<ChatResponse> => {
      const maxOutputTokens = req.maxOutputTokens ?? 300;
      // One round trip to the shared state for both: the budget and the breakers' view.
      const [reservation] = await Promise.all([
        budget.reserve(request.userId, inputTokens + maxOutputTokens),
        ...this.#breakers.map((breaker) => breaker.refresh()),
      ]);
      const span = this.#modelSpan(req, request);
      // What was received of a stream so far: billed even when the stream fails or is cut.
      const received = { text: '' };
      let reported: Reported<ChatResponse> | undefined;
      try {
        if (request.onText) {
          const streamed = await this.#stream(req, request, guardContext, received, inputTokens);
          reported = streamed.reported;
          blocked = streamed.blocked;
        } else {
          reported = await chain.generateWithReport(req);
        }
        // Not waited for: the store applies a connection's commands in order, so the next question of
        // this user is checked after it; if it fails, the reservation stays charged (never skipped).
        settleLater(reservation, reported.value.usage.totalTokens);
        report = { provider: reported.provider, fallbackDepth: reported.fallbackDepth, attempts: reported.attempts };
        this.#endModelSpan(span, reported, blocked);
      } catch (error) {
        const sent = (attemptsOf(error) ?? []).filter((a) => a.outcome !== 'circuit_open').length;
        const billed = Math.min(
          reservation.tokens,
          inputTokens * Math.max(sent, received.text ? 1 : 0) + countTokens(received.text),
        );
        settleLater(reservation, billed);
        failSpan(span, error);
        span.end();
        throw error;
      } finally {
        await Promise.all(this.#breakers.map((breaker) => breaker.settled()));
      }
      if (reported.fallbackDepth > 0 || blocked !== undefined) throw new UncachedAnswer(reported.value);
      return reported.value;
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
    return { response, report, ...(blocked === undefined ? {} : { blocked }) };
  }

  /**
   * Stream from the chain through the output guard: each piece reaches `onText` only once the guard
   * passed on it; when the guard blocks, the provider's stream is closed at once and the text
   * received so far is the answer to judge. Resolves with the final (or the cut) response.
   */
  async #stream(
    req: ChatRequest,
    request: AskRequest,
    guardContext: GuardContext,
    received: { text: string },
    inputTokens: number,
  ): Promise<{ reported: Reported<ChatResponse>; blocked?: string }> {
    const opened = await this.#deps.chain.openStream(req);
    const gate = this.#deps.guard.stream(guardContext);
    let final: ChatResponse | undefined;
    for await (const event of drain(opened.value)) {
      if (event.type === 'text-delta') {
        received.text += event.text;
        const ready = gate.push(event.text);
        if (ready) request.onText?.(ready);
        if (gate.blocked !== undefined) break; // closes the provider's stream: nothing more is paid for
      } else if (event.type === 'finish') {
        final = event.response;
      }
    }
    if (gate.blocked === undefined) {
      const rest = gate.flush();
      if (rest) request.onText?.(rest);
    }
    if (gate.blocked !== undefined) {
      // No finish event: the usage is ours to estimate (the prompt, and the text generated so far).
      const usage = makeUsage(inputTokens, countTokens(received.text));
      const cut: ChatResponse = {
        text: received.text,
        toolCalls: [],
        finishReason: 'content_filter',
        usage,
        cost: costOf(opened.provider, this.#modelAt(opened.fallbackDepth), usage),
        provider: opened.provider,
        model: this.#modelAt(opened.fallbackDepth),
        latencyMs: 0,
        timeToFirstTokenMs: 0,
        message: { role: 'assistant', content: received.text },
      };
      return { reported: { ...opened, value: cut }, blocked: gate.blocked };
    }
    if (!final) throw new Error('the provider stream ended without a finish event');
    return { reported: { ...opened, value: final } };
  }

  /** The model id of the chain member at `depth`. */
  #modelAt(depth: number): string {
    return this.#deps.chain.models[depth]?.modelId ?? this.#deps.chain.modelId;
  }

  /** A span for one model call (a cache miss), with the GenAI request attributes. */
  #modelSpan(req: ChatRequest, request: AskRequest): Span {
    const { tracing, chain } = this.#deps;
    const primary = chain.models[0];
    const model = primary?.modelId ?? chain.modelId;
    return tracing.tracer.startSpan(
      `chat ${model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [GEN_AI.operation]: 'chat',
          [GEN_AI.provider]: primary?.provider ?? chain.provider,
          [GEN_AI.requestModel]: model,
          ...(req.maxOutputTokens === undefined ? {} : { [GEN_AI.maxTokens]: req.maxOutputTokens }),
          ...(req.temperature === undefined ? {} : { [GEN_AI.temperature]: req.temperature }),
          'capstone.stream': request.onText !== undefined,
          ...(tracing.captureContent
            ? {
                [GEN_AI.inputMessages]: JSON.stringify(
                  req.messages.map((m) => ({ role: m.role, content: redactPII(String(m.content)).text })),
                ),
              }
            : {}),
        },
      },
      request.traceContext,
    );
  }

  #endModelSpan(span: Span, reported: Reported<ChatResponse>, blocked: string | undefined): void {
    const response = reported.value;
    span.setAttributes({
      [GEN_AI.provider]: reported.provider,
      [GEN_AI.responseModel]: response.model,
      [GEN_AI.inputTokens]: response.usage.inputTokens,
      [GEN_AI.outputTokens]: response.usage.outputTokens,
      [GEN_AI.finishReasons]: [response.finishReason],
      'capstone.fallback_depth': reported.fallbackDepth,
      ...(blocked === undefined ? {} : { 'capstone.output_guard.blocked': true }),
      ...(this.#deps.tracing.captureContent
        ? { [GEN_AI.outputMessages]: JSON.stringify([{ role: 'assistant', content: redactPII(response.text).text }]) }
        : {}),
    });
    addAttempts(span, reported.attempts);
    span.end();
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

/** Settle in the background; a failed settle (counted by the metered store) leaves the reservation charged. */
function settleLater(reservation: LedgerReservation, tokens: number): void {
  reservation.settle(tokens).catch(() => {});
}

function makeUsage(inputTokens: number, outputTokens: number): TokenUsage {
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

/** Every provider attempt of a call, as an event on its span. */
function addAttempts(span: Span, attempts: readonly Attempt[]): void {
  for (const attempt of attempts) {
    span.addEvent('capstone.provider_attempt', {
      [GEN_AI.provider]: attempt.provider,
      'capstone.attempt': attempt.attempt,
      'capstone.attempt.outcome': attempt.outcome,
      'capstone.attempt.duration_ms': attempt.durationMs,
    });
  }
}

/** Mark a span failed, with the error's type (never its message: it may quote user input). */
function failSpan(span: Span, error: unknown): void {
  const type = isProviderError(error) ? error.kind : error instanceof Error ? error.name : 'error';
  span.setAttribute('error.type', type);
  const attempts = attemptsOf(error);
  if (attempts) addAttempts(span, attempts);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
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
