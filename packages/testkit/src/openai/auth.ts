/**
 * Who may call an emulated OpenAI endpoint. api.openai.com answers 401 without a key and with a key
 * it does not know; OpenAI-compatible servers (vLLM, LM Studio, Ollama's /v1) check none by default.
 */
import { HttpResponse } from 'msw';

/**
 * `'any-key'`: a `Bearer` key must be sent, any value (the emulator cannot know real keys; the
 * default for OpenAI). `{ keys }`: only these keys. `'open'`: no key needed (the default for
 * `openaiCompatible()` endpoints).
 */
export type OpenAIAuth = 'any-key' | 'open' | { keys: string[] };

const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.";

/** Shown as OpenAI does: the start and the end of the key, the middle hidden. */
function masked(key: string): string {
  return key.length <= 8 ? `${key.slice(0, 2)}***` : `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`;
}

function unauthorized(message: string, code: string | null): Response {
  return HttpResponse.json(
    { error: { message, type: 'invalid_request_error', param: null, code } },
    { status: 401, headers: { 'www-authenticate': 'Bearer realm="OpenAI API"' } },
  );
}

/** The 401 this request gets, or undefined when it may pass. */
export function checkOpenAIAuth(auth: OpenAIAuth, request: Request): Response | undefined {
  if (auth === 'open') return undefined;
  const header = request.headers.get('authorization') ?? '';
  const key = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  if (!key) return unauthorized(NO_KEY, null);
  if (auth !== 'any-key' && !auth.keys.includes(key)) {
    return unauthorized(
      `Incorrect API key provided: ${masked(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_api_key',
    );
  }
  return undefined;
}
