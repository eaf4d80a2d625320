/**
 * The output guard for streamed answers. Tokens cannot go to the client as they arrive: a card
 * number or an e-mail address arrives over several deltas and would be on the user's screen
 * before any guard saw it whole. So text is released a sentence at a time, each sentence
 * redacted first. The cost is a little time-to-first-token (one sentence), the benefit is that no
 * unredacted PII ever leaves the service. Given code: the same file in the starter and the solution.
 */

/** Where a sentence ends: `.`, `!`, `?` or a line break, followed by whitespace. */
const SENTENCE_END = /[.!?\n]\s+/g;

/** Buffers streamed text and releases it in redacted, whole sentences. */
export class SentenceGate {
  readonly #redact: (text: string) => string;
  #buffer = '';

  /** `redact` replaces PII in a piece of text (06's `redactPII(text).text`). */
  constructor(redact: (text: string) => string) {
    this.#redact = redact;
  }

  /** Add a delta; returns the redacted text that may be sent now ('' when no sentence is complete yet). */
  push(delta: string): string {
    this.#buffer += delta;
    let end = 0;
    for (const match of this.#buffer.matchAll(SENTENCE_END)) end = match.index + match[0].length;
    if (end === 0) return '';
    const ready = this.#buffer.slice(0, end);
    this.#buffer = this.#buffer.slice(end);
    return this.#redact(ready);
  }

  /** The stream ended: release the rest, redacted. */
  flush(): string {
    const rest = this.#buffer;
    this.#buffer = '';
    return rest ? this.#redact(rest) : '';
  }
}
