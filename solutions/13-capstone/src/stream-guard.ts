/**
 * The output guard for streamed answers. Tokens cannot go to the client as they arrive: a card
 * number, an e-mail address or a leaked system prompt arrives over several deltas and would be on
 * the user's screen before any guard saw it whole. So text is released a sentence at a time, and
 * only after the guard has passed on it:
 *
 * - every push, the guard scans the WINDOW: the last `holdBackChars` already released plus all
 *   that is held, so a secret split across deltas (or across a release boundary) is seen whole;
 * - text is released up to a sentence end that has at least `holdBackChars` more text after it
 *   (a pattern that starts before the cut is then complete in the scan), or, after
 *   `maxHoldChars` without a sentence end, up to the last space before the hold-back;
 * - a cut never falls inside an unsafe span (a PII value), and each released piece is redacted;
 * - once the guard blocks, nothing more is released: the rest of the answer is withheld.
 *
 * The cost is time to first text (one sentence plus the hold-back); the benefit is that nothing
 * unguarded reaches the wire. Given code: the same file in the starter and the solution.
 */

/** What the stream guard asks of the output policy. */
export interface StreamCheck {
  /** Why `window` must not be released (a leak, data for a human), or undefined when it may. */
  block(window: string): string | undefined;
  /** The text to send for a piece about to be released (PII redacted). */
  redact(piece: string): string;
  /** `[start, end)` spans of `text` a release must not cut through (a PII value split in two). */
  unsafeSpans?(text: string): [number, number][];
}

/** Tuning of `StreamGuard`. */
export interface StreamGuardOptions {
  /** Characters kept back after a cut, and scanned again with what follows. Default 48. */
  holdBackChars?: number;
  /** Characters held without a sentence end before releasing up to a space. Default 400. */
  maxHoldChars?: number;
}

/** Where a sentence ends: `.`, `!`, `?` or a line break, followed by whitespace. */
const SENTENCE_END = /[.!?\n]\s+/g;

/** Buffers streamed text and releases it in guarded, redacted pieces. */
export class StreamGuard {
  readonly #check: StreamCheck;
  readonly #holdBack: number;
  readonly #maxHold: number;
  /** Held text, not released yet. */
  #buffer = '';
  /** The end of what was released (raw), scanned again with the held text. */
  #tail = '';
  #blocked: string | undefined;

  constructor(check: StreamCheck, options: StreamGuardOptions = {}) {
    this.#check = check;
    this.#holdBack = options.holdBackChars ?? 48;
    this.#maxHold = options.maxHoldChars ?? 400;
  }

  /** Why the guard stopped releasing text; undefined while it has not. */
  get blocked(): string | undefined {
    return this.#blocked;
  }

  /** Add a delta; returns the text that may be sent now ('' when nothing may be yet). */
  push(delta: string): string {
    this.#buffer += delta;
    if (!this.#scan()) return '';
    const cut = this.#cut();
    if (cut <= 0) return '';
    return this.#release(cut);
  }

  /** The stream ended: release the rest if the guard passes on it ('' otherwise). */
  flush(): string {
    if (!this.#scan() || this.#buffer === '') return '';
    return this.#release(this.#buffer.length);
  }

  /** Scan the window; false (and blocked from now on) when the guard says no. */
  #scan(): boolean {
    if (this.#blocked !== undefined) return false;
    this.#blocked = this.#check.block(this.#tail + this.#buffer);
    return this.#blocked === undefined;
  }

  /** Where to cut the held text, or 0 for nowhere yet. */
  #cut(): number {
    const limit = this.#buffer.length - this.#holdBack;
    if (limit <= 0) return 0;
    let cut = 0;
    for (const match of this.#buffer.matchAll(SENTENCE_END)) {
      const end = match.index + match[0].length;
      if (end <= limit) cut = end;
    }
    if (cut === 0 && this.#buffer.length > this.#maxHold) {
      const space = this.#buffer.lastIndexOf(' ', limit - 1);
      cut = space > 0 ? space + 1 : 0;
    }
    for (const [start, end] of this.#check.unsafeSpans?.(this.#buffer) ?? []) {
      if (start < cut && cut < end) cut = start;
    }
    return cut;
  }

  #release(cut: number): string {
    const piece = this.#buffer.slice(0, cut);
    this.#buffer = this.#buffer.slice(cut);
    this.#tail = (this.#tail + piece).slice(-this.#holdBack);
    return this.#check.redact(piece);
  }
}

/** The simplest stream guard: whole sentences, each redacted (no leak checks, no hold-back). */
export class SentenceGate extends StreamGuard {
  /** `redact` replaces PII in a piece of text (06's `redactPII(text).text`). */
  constructor(redact: (text: string) => string) {
    super({ block: () => undefined, redact }, { holdBackChars: 0, maxHoldChars: Number.POSITIVE_INFINITY });
  }
}
