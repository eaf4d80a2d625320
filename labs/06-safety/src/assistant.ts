/**
 * A guarded assistant: every guard of the lab around one model call.
 *
 *   prompt ─▶ policy.checkInput ─▶ spotlighted messages (+ canary) ─▶ model ─▶ policy.checkOutput ─▶ user
 *
 * Retrieved documents and tool output are checked by the input guard too, but a flagged source is
 * not dropped silently: it stays spotlighted (it cannot instruct) and the incident is logged.
 */
import type { ChatModel } from '@workshop/llm';
import { createCanary, embedCanary } from './canary.ts';
import type { Decision, SafetyPolicy } from './policy.ts';
import { buildSpotlightedMessages, type UntrustedSource } from './spotlight.ts';

/** What the assistant needs. */
export interface GuardedAssistantOptions {
  model: ChatModel;
  policy: SafetyPolicy;
  /** The application's instructions; the canary is prepended to them. */
  systemPrompt: string;
  /** Canary for this assistant; a fresh one when omitted. */
  canary?: string;
}

/** The outcome of one request. */
export interface GuardedAnswer {
  /** The final decision (input's when the prompt was stopped, output's otherwise). */
  decision: Decision;
  /** Whether the model was called at all. */
  modelCalled: boolean;
  /** Ids of sources the input guard flagged (kept, but spotlighted). */
  flaggedSources: string[];
}

/** Builds the assistant; `answer()` runs the whole guarded path. */
export function createGuardedAssistant(options: GuardedAssistantOptions) {
  const canary = options.canary ?? createCanary();
  const policy = embedCanary(options.systemPrompt, canary);
  return {
    canary,
    async answer(question: string, sources: readonly UntrustedSource[] = []): Promise<GuardedAnswer> {
      // TODO (DoD-4, DoD-6): the guarded path, in this order.
      //  1. `input = options.policy.checkInput(question)`; not 'allow' → return
      //     `{ decision: input, modelCalled: false, flaggedSources: [] }` (the model is never called).
      //  2. `flaggedSources` = ids of the sources for which `options.policy.checkSource(id, content)`
      //     is not 'allow' (they stay in the prompt — spotlighted — but a human gets to see them).
      //  3. `response = await options.model.generate({ messages: buildSpotlightedMessages({ policy,
      //     question, sources }), temperature: 0 })` — `policy` is the system prompt WITH the canary.
      //  4. `decision = options.policy.checkOutput(response.text, { canary })`; return
      //     `{ decision, modelCalled: true, flaggedSources }`.
      void question;
      void sources;
      void policy;
      void buildSpotlightedMessages;
      throw new Error('TODO: GuardedAssistant.answer — input guard, spotlighted call with canary, output guard');
    },
  };
}
