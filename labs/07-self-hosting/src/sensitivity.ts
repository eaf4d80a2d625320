/**
 * DoD-2 — Which requests may leave the building? Confidential tags and personal data keep a
 * request on the self-hosted model.
 */
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
  // TODO: collect reasons in a Set<string>, in this order:
  //   1. every tag of `request.tags` that is in `options.confidentialTags ?? DEFAULT_CONFIDENTIAL_TAGS`
  //      (compare lower-cased) → `tag:<tag in lower case>`;
  //   2. for EVERY message (any role), each finding of `options.detectPII ?? findPII` (import findPII
  //      from './pii.ts') on `message.content` → `pii:<finding.type>`.
  // TODO: return { level: 'confidential', reasons: [...set] } when there is a reason, else
  //   { level: 'public', reasons: [] }. Never put the matched text in a reason.
  throw new Error(
    `TODO: classifySensitivity (${request.messages.length} messages, ${Object.keys(options).length} options) — see src/sensitivity.ts`,
  );
}
