/**
 * Matching a live request against recorded ones: method, URL (secrets and parameter order
 * ignored) and body (JSON compared as values, not text). When nothing matches, the closest
 * recorded interaction and the first difference explain why.
 */
import { REDACTED, SECRET_PARAMS } from './redact.ts';
import type { Interaction, RecordedBody } from './types.ts';

/** A request reduced to what matching looks at. */
export interface RequestKey {
  method: string;
  url: string;
  body: RecordedBody | undefined;
}

/** URL with sorted query parameters and secret ones blanked, so key order and credentials never matter. */
export function normalizeUrl(url: string): string {
  const parsed = new URL(url);
  const params = [...parsed.searchParams.entries()]
    .map(([name, value]): [string, string] => [name, SECRET_PARAMS.includes(name.toLowerCase()) ? REDACTED : value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  parsed.search = new URLSearchParams(params).toString();
  return parsed.toString();
}

/** Leaves of a JSON value by path, e.g. `messages[1].content` → value. */
function leaves(value: unknown, path = '', into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0) into.set(path, '[]');
    value.forEach((item, i) => {
      leaves(item, `${path}[${i}]`, into);
    });
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) into.set(path, '{}');
    for (const [key, member] of entries) leaves(member, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path || '(body)', JSON.stringify(value));
  }
  return into;
}

/** Flattened body for comparison. */
function bodyLeaves(body: RecordedBody | undefined): Map<string, string> {
  if (!body) return new Map();
  if (body.kind === 'json') return leaves(body.json);
  return new Map([['(body)', body.kind === 'text' ? body.text : body.data]]);
}

/** Share of body leaves that are equal (1 = same body), and the first leaf that differs. */
export function compareBodies(
  recorded: RecordedBody | undefined,
  sent: RecordedBody | undefined,
): { similarity: number; firstDifference: string | undefined } {
  const a = bodyLeaves(recorded);
  const b = bodyLeaves(sent);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  if (paths.length === 0) return { similarity: 1, firstDifference: undefined };
  let equal = 0;
  let firstDifference: string | undefined;
  for (const path of paths) {
    const left = a.get(path);
    const right = b.get(path);
    if (left === right) equal += 1;
    else firstDifference ??= `${path}: recorded ${shorten(left ?? 'nothing')}, sent ${shorten(right ?? 'nothing')}`;
  }
  return { similarity: equal / paths.length, firstDifference };
}

/** Whether a recorded interaction answers this request. */
export function matches(interaction: Interaction, key: RequestKey): boolean {
  const { request } = interaction;
  if (request.method !== key.method || normalizeUrl(request.url) !== normalizeUrl(key.url)) return false;
  // Multipart uploads carry a random boundary: match them on method and URL only.
  if (request.body?.kind === 'base64' || key.body?.kind === 'base64') return true;
  return compareBodies(request.body, key.body).similarity === 1;
}

/** The recorded interaction closest to `key`, for the error message. */
export function closest(
  interactions: readonly Interaction[],
  key: RequestKey,
): { index: number; similarity: number; firstDifference: string | undefined } | undefined {
  let best: { index: number; score: number; similarity: number; firstDifference: string | undefined } | undefined;
  interactions.forEach((interaction, index) => {
    const { request } = interaction;
    const sameUrl = normalizeUrl(request.url) === normalizeUrl(key.url);
    const samePath = new URL(request.url).pathname === new URL(key.url).pathname;
    const body = compareBodies(request.body, key.body);
    const score = (request.method === key.method ? 1 : 0) + (sameUrl ? 2 : samePath ? 1 : 0) + body.similarity;
    if (!best || score > best.score) best = { index, score, ...body };
  });
  return best && { index: best.index, similarity: best.similarity, firstDifference: best.firstDifference };
}

/** The explanation of a request the cassette does not hold. */
export function mismatchMessage(name: string, interactions: readonly Interaction[], key: RequestKey): string {
  const head = `cassette ${name}: no recorded interaction matches ${key.method} ${key.url}`;
  const near = closest(interactions, key);
  const recorded = near === undefined ? undefined : interactions[near.index];
  if (!near || !recorded) return `${head} (the cassette is empty)`;
  const percent = Math.round(near.similarity * 100);
  const lines = [
    head,
    `  closest recorded: #${near.index + 1} ${recorded.request.method} ${recorded.request.url} (body ${percent}% the same)`,
  ];
  if (near.firstDifference) lines.push(`  first difference at ${near.firstDifference}`);
  lines.push('  re-record the cassette (CASSETTE_MODE=record with live credentials) if the request changed on purpose');
  return lines.join('\n');
}

function shorten(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
