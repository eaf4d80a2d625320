/**
 * What the transcript log keeps. Conversations are stored for 90 days so that reviewers can follow
 * them and the abuse team can spot an attacker across conversations — but a leaked log must not
 * hand anyone a customer's card, account or contact details, nor let anyone build a profile of a
 * customer across conversations.
 *
 * Every detected value becomes `[TYPE:token]`:
 * - contact and payment data get a token that is consistent inside one conversation (the reviewer
 *   sees "the same card again") and meaningless outside it: numbered per conversation, looked up
 *   by an HMAC under a key that lives only as long as the conversation, so not even this process
 *   holds the raw values;
 * - IP addresses get an HMAC under the service's secret key: the same address gives the same token
 *   in every conversation (what the abuse team asked for), and without the key no one can test
 *   guesses — a plain hash of an IPv4 address is reversed by trying all 2^32 of them.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { findPII } from './redact.ts';
import type { PiiType } from './types.ts';

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

/** Types whose tokens must link across conversations (the abuse team correlates attackers by them). */
const LINKED_ACROSS_CONVERSATIONS: ReadonlySet<PiiType> = new Set(['IP_ADDRESS']);

const keyed = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('base64url').slice(0, 16);

/** One log per conversation: create it when the conversation starts. */
export function createTranscriptLog(options: TranscriptOptions): TranscriptLog {
  if (!Buffer.isBuffer(options?.serviceKey) || options.serviceKey.length < 16) {
    throw new Error('createTranscriptLog needs a serviceKey of at least 16 bytes');
  }
  const conversationKey = randomBytes(32);
  const tokens = new Map<string, string>();
  const counts = new Map<PiiType, number>();
  const tokenFor = (type: PiiType, value: string): string => {
    const canonical = `${type}:${value.toLowerCase().replace(/[\s().-]/g, '')}`;
    if (LINKED_ACROSS_CONVERSATIONS.has(type)) return keyed(options.serviceKey, canonical);
    const lookup = keyed(conversationKey, canonical);
    let token = tokens.get(lookup);
    if (token === undefined) {
      const n = (counts.get(type) ?? 0) + 1;
      counts.set(type, n);
      token = String(n);
      tokens.set(lookup, token);
    }
    return token;
  };
  return {
    record(turn: string): string {
      let stored = '';
      let cursor = 0;
      for (const finding of findPII(turn)) {
        stored += `${turn.slice(cursor, finding.start)}[${finding.type}:${tokenFor(finding.type, turn.slice(finding.start, finding.end))}]`;
        cursor = finding.end;
      }
      return stored + turn.slice(cursor);
    },
  };
}
