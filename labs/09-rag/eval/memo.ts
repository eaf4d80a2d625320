/**
 * Memoised offline models, so a re-check after a save costs the work that changed and not the
 * rest. The offline embedding model and the extractive simulator are pure functions of their input
 * (and of the model's version, which is part of every key), so an answer from the memo is exactly
 * the answer the model would give.
 *
 * Watch mode runs every re-check in a fresh worker thread, so the memo is also kept on disk (in
 * the system's temporary folder): a re-check then neither loads the embedding model's tables nor
 * embeds a text it has embedded before. `flushMemos()` writes what is new (the DoD tests call it
 * after each file, the dev report at the end). A missing or unreadable file is an empty memo.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type EmbeddingModel,
  type EmbeddingResult,
  OfflineChatModel,
} from '@workshop/llm';

const DIR = path.join(tmpdir(), 'workshop-09-rag-memo');
/** Entries kept per memo file; the oldest go first. */
const MAX_ENTRIES = 20_000;

/** One memo file: values by the SHA-1 of their key. */
class DiskMemo<V> {
  private readonly file: string;
  private entries: Map<string, V> | undefined;
  private readonly fresh = new Map<string, V>();

  constructor(name: string) {
    this.file = path.join(DIR, `${name}.json`);
  }

  get(key: string): V | undefined {
    return this.load().get(digest(key));
  }

  set(key: string, value: V): void {
    const id = digest(key);
    this.load().set(id, value);
    this.fresh.set(id, value);
  }

  /** Merge what this process learnt into the file (re-read first: another worker may have written). */
  flush(): void {
    if (this.fresh.size === 0) return;
    const merged = new Map([...readEntries<V>(this.file), ...this.fresh]);
    const kept = [...merged].slice(-MAX_ENTRIES);
    try {
      mkdirSync(DIR, { recursive: true });
      const temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, JSON.stringify(Object.fromEntries(kept)));
      renameSync(temporary, this.file);
      this.fresh.clear();
    } catch {
      // A read-only temporary folder only costs speed: the memo stays in memory.
    }
  }

  private load(): Map<string, V> {
    this.entries ??= new Map(readEntries<V>(this.file));
    return this.entries;
  }
}

function readEntries<V>(file: string): [string, V][] {
  try {
    return Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, V>);
  } catch {
    return [];
  }
}

const digest = (key: string) => createHash('sha1').update(key).digest('base64url');

const memos = new Map<string, DiskMemo<unknown>>();
function memo<V>(name: string): DiskMemo<V> {
  let found = memos.get(name);
  if (!found) {
    found = new DiskMemo<V>(name.replace(/[^\w.-]+/g, '_'));
    memos.set(name, found);
  }
  return found as DiskMemo<V>;
}

/** Write every memo's new entries to disk. */
export function flushMemos(): void {
  for (const m of memos.values()) m.flush();
}

const toBase64 = (vector: readonly number[]) => Buffer.from(new Float64Array(vector).buffer).toString('base64');
const fromBase64 = (text: string) => [...new Float64Array(new Uint8Array(Buffer.from(text, 'base64')).buffer)];

/** `model`, embedding each distinct text once (per process, and across processes through the disk). */
export function memoizedEmbedder(model: EmbeddingModel): EmbeddingModel {
  const vectors = memo<string>(`embeddings-${model.provider}-${model.modelId}-${model.version}`);
  const decoded = new Map<string, number[]>();
  const lookup = (text: string) => {
    let vector = decoded.get(text);
    if (!vector) {
      const stored = vectors.get(text);
      if (stored !== undefined) {
        vector = fromBase64(stored);
        decoded.set(text, vector);
      }
    }
    return vector;
  };
  return {
    provider: model.provider,
    modelId: model.modelId,
    version: model.version,
    dimensions: model.dimensions,
    normalized: model.normalized,
    maxBatchSize: model.maxBatchSize,
    async embed(texts, options): Promise<EmbeddingResult> {
      const missing = [...new Set(texts.filter((text) => !lookup(text)))];
      const fresh = missing.length > 0 ? await model.embed(missing, options) : undefined;
      missing.forEach((text, i) => {
        const vector = fresh?.embeddings[i] as number[];
        decoded.set(text, vector);
        vectors.set(text, toBase64(vector));
      });
      const embeddings = texts.map((text) => lookup(text) as number[]);
      const usage = fresh?.usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
      const cost = fresh?.cost ?? { inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: true };
      return { embeddings, usage, cost };
    },
  };
}

/**
 * A request that exercises the simulator's choices (overlap, ties, order): a chat model has no
 * version, so its answer to this probe names the memo file, and a changed simulator starts a new one.
 */
const PROBE: ChatRequest = {
  messages: [
    { role: 'system', content: 'Reply using only the sources.' },
    {
      role: 'user',
      content:
        'Refunds take 5 working days [1]. Customers can return items within 30 days [2]. Gift cards become store credit [2].\n| Option | Price | [3]\n| Express | £9.95 | [3]',
    },
    { role: 'user', content: 'How many days do customers have to return items, and what does express cost?' },
  ],
};

/** `model` (deterministic, offline), answering each distinct request once. */
export function memoizedChat(model: ChatModel): ChatModel {
  let answers: DiskMemo<ChatResponse> | undefined;
  const memoFor = async () => {
    answers ??= memo<ChatResponse>(
      `answers-${model.provider}-${model.modelId}-${digest((await model.generate(PROBE)).text)}`,
    );
    return answers;
  };
  return {
    provider: model.provider,
    modelId: model.modelId,
    capabilities: model.capabilities,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const memoised = await memoFor();
      const key = `${request.maxOutputTokens ?? ''}\u0000${JSON.stringify(request.messages)}`;
      const known = memoised.get(key);
      if (known) return known;
      const response = await model.generate(request);
      memoised.set(key, response);
      return response;
    },
    stream: (request) => model.stream(request),
  };
}

let simulator: ChatModel | undefined;
/** The offline extractive simulator, memoised; one per process. */
export function offlineSimulator(): ChatModel {
  simulator ??= memoizedChat(new OfflineChatModel());
  return simulator;
}
