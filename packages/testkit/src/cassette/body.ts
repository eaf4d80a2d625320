/** Reading bodies into their recorded form, and back. */
import type { RecordedBody } from './types.ts';

/** Content types whose bodies are recorded as text. */
const TEXTUAL = /^(?:text\/|application\/(?:json|x-ndjson|x-www-form-urlencoded|[\w.+-]*\+json))/i;

/** The recorded form of a request body (undefined when empty). */
export async function recordBody(request: Request): Promise<RecordedBody | undefined> {
  if (!request.body) return undefined;
  const bytes = new Uint8Array(await request.clone().arrayBuffer());
  if (bytes.length === 0) return undefined;
  const type = request.headers.get('content-type') ?? '';
  if (!TEXTUAL.test(type) && type !== '') return { kind: 'base64', data: Buffer.from(bytes).toString('base64') };
  const text = new TextDecoder().decode(bytes);
  try {
    return { kind: 'json', json: JSON.parse(text) };
  } catch {
    return { kind: 'text', text };
  }
}

/** Whether a response is a stream to record chunk by chunk. */
export function isStreaming(headers: Headers): boolean {
  return /^(?:text\/event-stream|application\/x-ndjson)/i.test(headers.get('content-type') ?? '');
}

/** Whether a response body is text. */
export function isTextual(headers: Headers): boolean {
  const type = headers.get('content-type') ?? '';
  return type === '' || TEXTUAL.test(type);
}
