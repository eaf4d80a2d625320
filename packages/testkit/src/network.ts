/**
 * `useMockNetwork()`: one msw server per test file with the OpenAI, Ollama and Qdrant
 * emulators, reset after every test. A request no handler expects fails twice over: the
 * client gets a network error naming it, and the test fails after it even if the code
 * under test swallowed that error (tests never reach the network).
 */
import { type AnyHandler, type HttpHandler, HttpResponse, http, type UnhandledFrameHandle } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { normalizeBaseURL } from './core.ts';
import { createOllamaEmulator, DEFAULT_OLLAMA_HOST } from './ollama/emulator.ts';
import { createOpenAIEmulator } from './openai/emulator.ts';
import { createQdrantEmulator } from './qdrant/index.ts';
import type { EmulatorControls, MockNetwork, OpenAIEmulator, RecordedRequest } from './types.ts';

/** OpenAI's API base URL, the `openai` client's default. */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Qdrant's REST base URL in tests. */
export const DEFAULT_QDRANT_URL = 'http://127.0.0.1:6333';

/** Options of `useMockNetwork`. */
export interface MockNetworkOptions {
  /** Extra msw handlers active for every test of the file (after the emulators). */
  handlers?: HttpHandler[];
}

/** What `useMockNetwork` returns: the contract's `MockNetwork` plus test-local handlers. */
export interface TestMockNetwork extends MockNetwork {
  /** Adds msw handlers for the current test only (they take precedence; removed after the test). */
  use(...handlers: HttpHandler[]): void;
}

type UnhandledCallback = Extract<UnhandledFrameHandle, (...args: never[]) => unknown>;

let activeServerOwner: symbol | undefined;

/**
 * Starts the emulated network for the current test file (call it at the top of the file or
 * of a `describe`). Registers vitest hooks: listen before all tests, reset every emulator
 * and handler after each test, close after all.
 */
export function useMockNetwork(options: MockNetworkOptions = {}): TestMockNetwork {
  const requests: RecordedRequest[] = [];
  const onRecord = (request: RecordedRequest) => {
    requests.push(request);
  };
  const openai = createOpenAIEmulator(DEFAULT_OPENAI_BASE_URL, { onRecord });
  const ollama = createOllamaEmulator(DEFAULT_OLLAMA_HOST, { onRecord });
  const qdrant = createQdrantEmulator(DEFAULT_QDRANT_URL, { onRecord });

  const emulators: EmulatorControls[] = [openai.emulator, ollama.emulator, qdrant.emulator];
  const fileHandlers: AnyHandler[] = [
    ...openai.handlers,
    ...ollama.handlers,
    ...qdrant.handlers,
    ...(options.handlers ?? []),
  ];
  const compatible = new Map<string, OpenAIEmulator>();
  const unhandled: string[] = [];

  const rejectUnhandled = (what: string): string => {
    unhandled.push(what);
    const known = emulators.map((e) => e.baseURL).join(', ');
    return `testkit: unhandled request ${what}: no emulator or handler expects it (emulated: ${known}); tests never reach the network`;
  };
  // Last handler: any HTTP request nothing else answered fails as a network error (as an
  // unreachable host would), and is remembered so the test fails after it.
  const catchAll = http.all('*', ({ request }) => {
    const message = rejectUnhandled(`${request.method} ${request.url}`);
    process.stderr.write(`${message}\n`);
    return HttpResponse.error();
  });
  fileHandlers.push(catchAll);
  // Other frames (WebSocket connections) have no catch-all handler: msw reports them here.
  const onUnhandledFrame: UnhandledCallback = ({ frame }) => {
    const request = (frame as { data?: { request?: Request } }).data?.request;
    throw new Error(rejectUnhandled(request ? `${request.method} ${request.url}` : 'a WebSocket connection'));
  };

  const server = setupServer(...fileHandlers);
  const owner = Symbol('useMockNetwork');

  beforeAll(() => {
    if (activeServerOwner) {
      throw new Error('useMockNetwork() is already active: call it once per test file (or per top-level describe)');
    }
    activeServerOwner = owner;
    server.listen({ onUnhandledFrame });
  });

  afterEach(() => {
    for (const emulator of emulators) emulator.reset();
    requests.length = 0;
    server.resetHandlers(...fileHandlers);
    if (unhandled.length > 0) {
      const list = unhandled.splice(0).join('; ');
      throw new Error(`testkit: the test sent requests no handler expects: ${list}`);
    }
  });

  afterAll(() => {
    for (const emulator of emulators) emulator.reset();
    server.close();
    if (activeServerOwner === owner) activeServerOwner = undefined;
  });

  return {
    openai: openai.emulator,
    ollama: ollama.emulator,
    qdrant: qdrant.emulator,
    requests,
    openaiCompatible(baseURL) {
      const key = normalizeBaseURL(baseURL);
      const existing = compatible.get(key);
      if (existing) return existing;
      if (key === openai.emulator.baseURL) return openai.emulator;
      const created = createOpenAIEmulator(key, { onRecord, models: [] });
      compatible.set(key, created.emulator);
      emulators.push(created.emulator);
      // Kept for the rest of the file: resetHandlers() restores `fileHandlers`.
      fileHandlers.unshift(...created.handlers);
      server.use(...created.handlers);
      return created.emulator;
    },
    use(...handlers) {
      server.use(...handlers);
    },
  };
}
