/**
 * A guarded assistant: every guard of the lab around one model call. Given code: identical in the
 * starter; the decisions it applies are yours (`escalation.ts`, through `SafetyPolicy`).
 *
 *   prompt ─▶ policy.checkInput ─▶ spotlighted messages (+ canary) ─▶ model ─▶ policy.checkOutput ─▶ user
 *
 * Retrieved documents and tool output pass the input guard too: an escalated source stays in the
 * prompt (spotlighted, it cannot instruct) and goes to a reviewer; a blocked one is left out.
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
  /** Ids of sources the policy did not simply allow. */
  flaggedSources: string[];
}

/** Builds the assistant; `answer()` runs the whole guarded path. */
export function createGuardedAssistant(options: GuardedAssistantOptions) {
  const canary = options.canary ?? createCanary();
  const policy = embedCanary(options.systemPrompt, canary);
  return {
    canary,
    async answer(question: string, sources: readonly UntrustedSource[] = []): Promise<GuardedAnswer> {
      const input = options.policy.checkInput(question);
      if (input.action !== 'allow' && input.action !== 'redact') {
        return { decision: input, modelCalled: false, flaggedSources: [] };
      }
      const checked = sources.map((source) => ({
        source,
        decision: options.policy.checkSource(source.id, source.content),
      }));
      const response = await options.model.generate({
        messages: buildSpotlightedMessages({
          policy,
          question: input.text ?? question,
          sources: checked.filter((c) => c.decision.action !== 'block').map((c) => c.source),
        }),
        temperature: 0,
      });
      return {
        decision: options.policy.checkOutput(response.text, { canary }),
        modelCalled: true,
        flaggedSources: checked.filter((c) => c.decision.action !== 'allow').map((c) => c.source.id),
      };
    },
  };
}
