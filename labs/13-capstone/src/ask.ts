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
import type { ChatRequest, TokenUsage } from '@workshop/llm';
import type { FallbackChatModel } from '@workshop-solutions/03-providers';
import type { ResponseCache } from '@workshop-solutions/04-platform-patterns/response-cache.ts';
import type { TokenBudget } from '@workshop-solutions/04-platform-patterns/token-budget.ts';
import { redactPII, type SafetyPolicy } from '@workshop-solutions/06-safety';
import {
  type AssembledContext,
  buildContext,
  type Escalation,
  type FallbackReason,
  type KnowledgeBase,
} from '@workshop-solutions/09-rag';
import type { AuditLog } from '@workshop-solutions/10-agents';
import type { ServiceConfig } from './config.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { PromptSource } from './prompt-source.ts';

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

/**
 * Answers questions; one instance per service.
 *
 * The starter is a NAIVE service that already answers: it retrieves without a threshold, sends
 * 09's default messages straight to the provider chain, and returns whatever comes back. Each
 * TODO below wires one reference pattern in; the checkpoint named in it shows when it works.
 * The reference packages are imported the same way in every step, e.g.
 * `import { renderPrompt } from '@workshop-solutions/05-prompt-engineering'`.
 */
export class AskPipeline {
  readonly #deps: AskDependencies;

  constructor(deps: AskDependencies) {
    this.#deps = deps;
  }

  /** Answer one question. Throws `HttpError` for refusals (blocked input, budget) and anything else for bugs. */
  async ask(request: AskRequest): Promise<AskResult> {
    // TODO(DoD-8): count the question: `metrics.asks.inc({ mode })`; after the answer,
    //   `metrics.answers.inc({ status, mode })`.
    // TODO(DoD-5): for an `answered` result observe `metrics.taskTokens` (usage.totalTokens) and
    //   `metrics.taskCostUsd` (costUsd): the cost of one successful task.
    // TODO(DoD-6): audit trail (10): `audit.append({ type: 'run_started', runId: requestId,
    //   role: \`user:${userId}\`, task: question })` first, and a `run_finished` event at the end with
    //   the result's status (or status 'refused' and reason = the HttpError's code when it throws),
    //   steps (1 when a provider was called and it was no cache hit, else 0), usage and costUsd.
    return this.#answer(request);
  }

  async #answer(request: AskRequest): Promise<AskResult> {
    const { config, knowledgeBase, chain } = this.#deps;
    const base = this.#base(request);

    // TODO(DoD-3): input guard first — `const held = this.#guardInput(request)`; if it returns a
    //   result, return `{ ...base, ...held }` (a blocked question throws inside it).

    // TODO(DoD-2): search with `minSimilarity: config.minSimilarity`; when no source survives
    //   (`context.sources.length === 0`), count `metrics.noResults` and return `this.#fallback(base, 'no_result')`.
    // TODO(DoD-4): a failing search (the vector store is down) is not a 500: count
    //   `metrics.degraded` (reason 'retrieval_unavailable') and return a result with status 'degraded',
    //   `degraded: true`, `degradedReason: 'retrieval_unavailable'` and the escalation.
    // TODO(DoD-3): count `context.findings` (instructions planted in sources) in `metrics.injectionIncidents`
    //   with stage 'retrieval'.
    const retrieved = await knowledgeBase.search(request.question, { topK: config.topK });
    const context = buildContext(request.question, retrieved, { maxTokens: config.contextTokens });

    // TODO(DoD-1): render the live prompt instead of 09's default messages:
    //   `const prompt = await this.#deps.prompts.current()`, then 05's
    //   `renderPrompt(prompt, { sources: context.messages[1].content, question })`; send
    //   `this.#withCanary(rendered.request)` (plus `signal`) and report
    //   `base.prompt = { id, version, hash }`.
    const chatRequest: ChatRequest = { messages: context.messages, temperature: 0, maxOutputTokens: 300 };

    // TODO(DoD-5): go through `this.#generate(chatRequest, request)` (cache → budget → chain) instead of
    //   calling the chain directly; a `BudgetExceededError` (04) becomes a 429 `budget_exceeded` HttpError
    //   (Retry-After: seconds to midnight UTC for the daily budget) and counts `metrics.budgetRejections`.
    //   Count `metrics.cacheLookups` (hit when no provider was called), `metrics.tokens` (input/output)
    //   and `metrics.costUsd` for model calls that were not cache hits.
    // TODO(DoD-4): when every provider fails (a ProviderError that is not 'aborted'), count
    //   `metrics.degraded` (reason 'providers_unavailable') and return `this.#degraded(base, context)`.
    //   Report `fallback: true` and count `metrics.fallbacks` (label provider) when the chain's
    //   `fallbackDepth > 0`; `modelMs` is the sum of the attempts' durationMs + delayMs.
    // TODO(DoD-6): append a `model_call` audit event (step 1, provider — 'cache' on a hit — model,
    //   usage, costUsd, priced, toolCalls: []).
    const response = await chain.generate(chatRequest);
    // The steps still to wire in; each throws a TODO until you implement it.
    void [this.#guardInput, this.#guardOutput, this.#withCanary, this.#generate, this.#fallback, this.#degraded];

    // TODO(DoD-2): check the answer with 09's `checkGroundedness(response.text, context.sourceTexts)`:
    //   an answer that starts with "I don't know" → `#fallback(base, 'declined')`, invalid markers →
    //   'invalid_citation', not grounded → 'ungrounded' (keep provider/usage/cost on those results).
    //   Answered: `citations` from the markers the sentences cite (`citationsFor` below).
    // TODO(DoD-3): pass the text through `this.#guardOutput(request, text)` before returning it.
    return {
      ...base,
      answer: response.text,
      provider: response.provider,
      usage: response.usage,
      costUsd: response.cost.totalUsd,
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
    // TODO(DoD-3): `const decision = this.#deps.policy.checkInput(request.question)` (06). Audit it
    //   (DoD-6): a `decision` event with toolCallId 'input-guard', tool 'safety.input', decision
    //   'allow' | 'deny' (block) | 'needs_approval' (escalate) and the reason. Then:
    //   allow → undefined; escalate → `{ status: 'held_for_review', answer: <passed to a human>, escalation }`;
    //   block → `throw new HttpError(400, 'input_blocked', <reason>)`.
    //   The violation KPIs are counted by the policy's incident log (see createPolicy in components.ts).
    void request;
    throw new Error("TODO: AskPipeline.#guardInput — run 06's SafetyPolicy.checkInput and act on its decision");
  }

  /** Output guard on the whole answer; the streamed text went through `SentenceGate` already. */
  #guardOutput(request: AskRequest, text: string): Pick<AskResult, 'status' | 'answer' | 'escalation'> {
    // TODO(DoD-3): `policy.checkOutput(text, { canary })` (06), audited like the input (toolCallId
    //   'output-guard', tool 'safety.output'). allow → the text; redact → `decision.text`, still
    //   'answered'; escalate → 'held_for_review'; block → 'withheld' with a short notice.
    void request;
    void text;
    throw new Error("TODO: AskPipeline.#guardOutput — run 06's SafetyPolicy.checkOutput on the answer");
  }

  /** The system message carries the canary: if it ever shows up in an answer, the prompt leaked. */
  #withCanary(request: ChatRequest): ChatRequest {
    // TODO(DoD-1): return the request with 06's `embedCanary(content, this.#deps.canary)` applied to the system message.
    void request;
    throw new Error('TODO: AskPipeline.#withCanary — embed the canary in the system message');
  }

  /**
   * The model call behind the cache: a miss reserves the budget, calls the chain (streaming when
   * the client streams) and settles the budget with what was really used. Fallback answers go
   * back through the cache without being stored: they must not outlive the outage.
   */
  async #generate(chatRequest: ChatRequest, request: AskRequest): Promise<never> {
    // TODO(DoD-5): wrap the chain in a ChatModel whose `generate(req)` is the budgeted call, and ask 04's
    //   `cache.generate(thatModel, chatRequest)`: the cache calls it only on a miss, so a hit spends no
    //   budget. In the budgeted call:
    //     const reservation = budget.reserve(userId, countMessageTokens(req.messages, chain.modelId) + req.maxOutputTokens);
    //     const reported = await chain.generateWithReport(req);   // 03: value, provider, fallbackDepth, attempts
    //     reservation.settle(reported.value.usage.totalTokens);    // release() instead when it throws
    //   Keep `reported` (undefined afterwards means a cache hit). A fallback provider's answer must not
    //   be cached: throw it out of the call inside an error object and catch it around `cache.generate`.
    // TODO(DoD-7): when `request.onText` is set, stream instead: `chain.openStream(req)` (03), `drain()` it,
    //   pass each text-delta through a `SentenceGate` (stream-guard.ts) with 06's `redactPII(t).text`, send
    //   what it releases to `onText`, `flush()` at the end, and return the `finish` event's response.
    //   A cache hit sends its whole (redacted) text to `onText` at once.
    //   Change the return type to what your pipeline needs (e.g. `{ response, report }`).
    void chatRequest;
    void request;
    throw new Error('TODO: AskPipeline.#generate — cache, budget and the provider chain (and streaming)');
  }

  /** The honest "I don't know", with the way to a human. */
  #fallback(base: AskResult, reason: FallbackReason): AskResult {
    // TODO(DoD-2): `{ ...base, status: reason, answer: "I don't know: …" (say why, and offer
    //   `escalation.team` / `escalation.contact`), escalation: this.#deps.escalation }`.
    void base;
    void reason;
    throw new Error('TODO: AskPipeline.#fallback — an honest "I don\'t know" that offers a human');
  }

  /** No model available: show the best passages instead, flagged as degraded. */
  #degraded(base: AskResult, context: AssembledContext): AskResult {
    // TODO(DoD-4): status 'degraded', `degraded: true`, degradedReason 'providers_unavailable', an answer
    //   that says no model is reachable and lists the top 3 sources' text (redacted with 06's redactPII),
    //   their citations, and the escalation.
    void base;
    void context;
    throw new Error('TODO: AskPipeline.#degraded — answer with the best passages, flagged as degraded');
  }
}

/** The citations for `markers` (1-based positions in `context.sources`), excerpts redacted. Given helper. */
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

/** The start of `text` on one line, at most `max` characters. Given helper. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
