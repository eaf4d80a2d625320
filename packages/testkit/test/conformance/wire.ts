/** Raw HTTP for the conformance suite: the bytes an emulator answers, before any client reads them. */

export interface WireAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or the text when it is not JSON. */
  body: unknown;
  text: string;
}

/** Sends a request and reads the whole answer. */
export async function send(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<WireAnswer> {
  const { method = options.body === undefined ? 'GET' : 'POST', body, headers = {} } = options;
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The JSON events of a server-sent-events body, and whether it ended with `data: [DONE]`. */
export function sseEvents(text: string): { events: unknown[]; done: boolean } {
  const data = text
    .split('\n\n')
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => block.replace(/^data: /, ''));
  const done = data.at(-1) === '[DONE]';
  return { events: (done ? data.slice(0, -1) : data).map((line) => JSON.parse(line) as unknown), done };
}

/** The JSON objects of a newline-delimited JSON body. */
export function ndjsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);
}
