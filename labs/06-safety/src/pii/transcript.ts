/**
 * What the transcript log keeps. Conversations are stored for 90 days so that reviewers can follow
 * them and the abuse team can spot an attacker across conversations — but a leaked log must not
 * hand anyone a customer's card, account or contact details, nor let anyone build a profile of a
 * customer across conversations. `findPII` (from `@workshop/pii`, re-exported by `./redact.ts`)
 * finds the values; what the log keeps of them is your decision.
 */
/** How the log is keyed. */
export interface TranscriptOptions {
  /** The service's secret (from a secret store), the same for every conversation; at least 16 bytes. */
  serviceKey: Buffer;
}

/** The log of one conversation. */
export interface TranscriptLog {
  /** The turn as it may be stored: every detected value replaced by `[TYPE:token]`. */
  record(turn: string): string;
}

/** One log per conversation: create it when the conversation starts. */
export function createTranscriptLog(options: TranscriptOptions): TranscriptLog {
  // TODO (DoD-3): store each turn with every detected value replaced by a [TYPE:token] placeholder, choosing per
  // type what the token may reveal: reviewers follow "the same value again" within a conversation, the
  // abuse team follows an IP address across conversations, no one else links anything across them.
  // Judged by test/dod-3-transcript.test.ts: exposed values and traceability per type on the test
  // split, and linkability across conversations.
  void options;
  throw new Error('TODO: createTranscriptLog — pseudonymise what the log stores');
}
