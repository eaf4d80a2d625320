/**
 * DoD-3 — Which requests may leave the building? Confidential tags and personal data keep a
 * request on the self-hosted model.
 */
import { findPII } from './pii.ts';
import type { RoutedRequest, SensitivityDecision, SensitivityOptions } from './types.ts';

/** Tags that make a request confidential unless the caller configures others. */
export const DEFAULT_CONFIDENTIAL_TAGS = ['confidential'];

/**
 * Classifies a request: confidential when a tag is one of the confidential tags (any case) or
 * when any message — system, user, assistant or tool output — contains personal data.
 */
export function classifySensitivity(
  request: Pick<RoutedRequest, 'messages' | 'tags'>,
  options: SensitivityOptions = {},
): SensitivityDecision {
  const confidential = new Set((options.confidentialTags ?? DEFAULT_CONFIDENTIAL_TAGS).map((t) => t.toLowerCase()));
  const detect = options.detectPII ?? findPII;
  const reasons = new Set<string>();
  for (const tag of request.tags ?? []) {
    if (confidential.has(tag.trim().toLowerCase())) reasons.add(`tag:${tag.trim().toLowerCase()}`);
  }
  // Tool output and earlier turns count: personal data pasted three turns ago is still in the prompt.
  for (const message of request.messages) {
    for (const finding of detect(message.content)) reasons.add(`pii:${finding.type}`);
  }
  return reasons.size ? { level: 'confidential', reasons: [...reasons] } : { level: 'public', reasons: [] };
}
