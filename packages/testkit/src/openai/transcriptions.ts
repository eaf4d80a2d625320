/**
 * `POST /audio/transcriptions`: OpenAI's speech-to-text endpoint. The client uploads a multipart
 * form (file, model, response_format, timestamp_granularities[]…); the emulator answers a
 * scripted transcript as `json`, `verbose_json` (segments, words) or `text`, with the model rules
 * the real API enforces (verbose_json and timestamps are whisper-1 features).
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import {
  type Controls,
  createScriptQueue,
  type ErrorBodyFormat,
  emulate,
  estimateTokens,
  faultResponse,
  isFault,
  sleep,
} from '../core.ts';
import type {
  RecordedTranscription,
  ScriptedTranscription,
  ScriptedTranscriptSegment,
  TranscriptionScriptStep,
} from '../types.ts';

/** Speech-to-text models the default OpenAI emulator accepts. */
export const DEFAULT_TRANSCRIPTION_MODELS = ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe'];

/** Formats the emulator renders; the API's `srt`, `vtt` and `diarized_json` are not emulated. */
const EMULATED_FORMATS = ['json', 'verbose_json', 'text'];

/**
 * The GPT-4o transcribe family answers `json` only ("the only supported format is json") and bills
 * tokens; whisper-1 (and OpenAI-compatible whisper servers) also answers `text` and `verbose_json`
 * with timestamps, and bills seconds.
 */
function isTokenBilled(model: string): boolean {
  return /^gpt-.*transcribe/.test(model);
}

/** What `createTranscriptionEndpoint` needs from the OpenAI emulator. */
export interface TranscriptionEndpointOptions {
  /** Normalised base URL, e.g. `https://api.openai.com/v1`. */
  base: string;
  /** The emulator's shared controls (recording, faults, latency, reset). */
  controls: Controls;
  /** Default accepted models, restored on reset; empty accepts any. */
  defaultModels: string[];
  /** OpenAI's error body. */
  errorBody: ErrorBodyFormat;
  /** The emulator's auth check, answered before anything else. */
  guard?: (call: { request: Request }) => Response | undefined;
}

/** The transcription endpoint's handler and the emulator members that control it. */
export interface TranscriptionEndpoint {
  handler: HttpHandler;
  script(...steps: TranscriptionScriptStep[]): void;
  readonly requests: RecordedTranscription[];
  models: string[];
}

/** Creates the `/audio/transcriptions` handler of one OpenAI emulator. */
export function createTranscriptionEndpoint(options: TranscriptionEndpointOptions): TranscriptionEndpoint {
  const { base, controls, defaultModels, errorBody, guard } = options;
  const script = createScriptQueue<TranscriptionScriptStep>();
  const requests: RecordedTranscription[] = [];
  let models = [...defaultModels];
  controls.onReset(() => {
    script.clear();
    requests.length = 0;
    models = [...defaultModels];
  });

  const error = (status: number, message: string) => HttpResponse.json(errorBody(status, message), { status });

  const resolve = emulate(controls, { errorBody, ...(guard ? { guard } : {}) }, async ({ request }) => {
    const form = await readForm(request);
    if (!form) return error(400, "The request must be multipart/form-data with a 'file' field.");
    const { model, responseFormat = 'json', timestampGranularities, file } = form;
    if (!file) return error(400, "Missing required parameter: 'file'.");
    if (!model) return error(400, 'you must provide a model parameter');
    if (models.length > 0 && !models.includes(model)) {
      return error(404, `The model \`${model}\` does not exist or you do not have access to it.`);
    }
    if (form.fields.stream === 'true') return error(400, 'testkit: streamed transcriptions are not emulated.');
    if (!EMULATED_FORMATS.includes(responseFormat)) {
      return error(400, `testkit: response_format '${responseFormat}' is not emulated (json, verbose_json, text).`);
    }
    if (isTokenBilled(model) && responseFormat !== 'json') {
      return error(
        400,
        `response_format '${responseFormat}' is not compatible with model '${model}'. Use 'json' instead.`,
      );
    }
    if (timestampGranularities.length > 0 && responseFormat !== 'verbose_json') {
      return error(400, "timestamp_granularities requires response_format 'verbose_json'.");
    }

    const step: TranscriptionScriptStep = script.next() ?? { text: `testkit transcript of ${file.name}` };
    if (isFault(step)) return faultResponse(step, { controls, request, errorBody });
    await sleep(step.delayMs ?? 0, request.signal);

    const transcript = resolveTranscript(step, file.bytes);
    if (responseFormat === 'text') {
      return new HttpResponse(`${transcript.text}\n`, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    const usage = isTokenBilled(model)
      ? tokenUsage(transcript.durationSeconds, transcript.text)
      : { type: 'duration', seconds: Math.ceil(transcript.durationSeconds) };
    if (responseFormat === 'json') return HttpResponse.json({ text: transcript.text, usage });
    const granularities = timestampGranularities.length > 0 ? timestampGranularities : ['segment'];
    return HttpResponse.json({
      task: 'transcribe',
      language: step.language ?? 'english',
      duration: transcript.durationSeconds,
      text: transcript.text,
      ...(granularities.includes('segment') ? { segments: transcript.segments.map(renderSegment) } : {}),
      ...(granularities.includes('word') ? { words: transcript.words } : {}),
      usage,
    });
  });

  const handler = http.post(`${base}/audio/transcriptions`, async (info) => {
    // Parsed before `emulate` so faulted requests are recorded too, as chat requests are.
    requests.push((await readForm(info.request)) ?? emptyRecord());
    return resolve(info);
  });

  return {
    handler,
    script: (...steps) => script.push(...steps),
    requests,
    get models() {
      return models;
    },
    set models(next: string[]) {
      models = [...next];
    },
  };
}

function emptyRecord(): RecordedTranscription {
  return {
    model: undefined,
    responseFormat: undefined,
    timestampGranularities: [],
    language: undefined,
    prompt: undefined,
    file: undefined,
    fields: {},
  };
}

/** Parses the multipart form without consuming the request; undefined when it is not a form. */
async function readForm(request: Request): Promise<RecordedTranscription | undefined> {
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return undefined;
  }
  const record = emptyRecord();
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      record.fields[name] = value;
      if (name === 'timestamp_granularities[]' || name === 'timestamp_granularities') {
        record.timestampGranularities.push(value);
      }
    } else if (name === 'file') {
      const bytes = new Uint8Array(await value.arrayBuffer());
      record.file = { name: value.name, type: value.type, size: bytes.byteLength, bytes };
    }
  }
  record.model = record.fields.model;
  record.responseFormat = record.fields.response_format;
  record.language = record.fields.language;
  record.prompt = record.fields.prompt;
  return record;
}

interface ResolvedTranscript {
  text: string;
  durationSeconds: number;
  segments: ScriptedTranscriptSegment[];
  words: { word: string; start: number; end: number }[];
}

/** Fills in a scripted transcript's defaults: duration from the WAV header, one segment, even words. */
function resolveTranscript(step: ScriptedTranscription, bytes: Uint8Array): ResolvedTranscript {
  const lastEnd = step.segments?.at(-1)?.end;
  const durationSeconds = step.durationSeconds ?? wavDurationSeconds(bytes) ?? lastEnd ?? 0;
  const segments = step.segments ?? [{ start: 0, end: durationSeconds, text: step.text }];
  const words = step.words ?? spreadWords(step.text, durationSeconds);
  return { text: step.text, durationSeconds, segments, words };
}

function spreadWords(text: string, durationSeconds: number) {
  const words = text.split(/\s+/).filter(Boolean);
  const each = words.length > 0 ? durationSeconds / words.length : 0;
  return words.map((word, index) => ({ word, start: round(index * each), end: round((index + 1) * each) }));
}

function renderSegment(segment: ScriptedTranscriptSegment, id: number) {
  return {
    id,
    seek: 0,
    start: segment.start,
    end: segment.end,
    text: segment.text,
    tokens: [],
    temperature: 0,
    avg_logprob: -0.2,
    compression_ratio: 1.2,
    no_speech_prob: 0.01,
  };
}

/** Token usage of the GPT-4o transcribe family; audio is about 10 tokens per second. */
function tokenUsage(durationSeconds: number, text: string) {
  const audio = Math.ceil(durationSeconds * 10);
  const output = estimateTokens(text);
  return {
    type: 'tokens',
    input_tokens: audio,
    output_tokens: output,
    total_tokens: audio + output,
    input_token_details: { audio_tokens: audio, text_tokens: 0 },
  };
}

/** Duration of a PCM WAV file from its `fmt ` and `data` chunks; undefined for anything else. */
export function wavDurationSeconds(bytes: Uint8Array): number | undefined {
  if (bytes.byteLength < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  for (let offset = 12; offset + 8 <= bytes.byteLength; ) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 16 <= bytes.byteLength) byteRate = view.getUint32(offset + 16, true);
    if (id === 'data') {
      // A header that promises more audio than the file holds: count what is there.
      const present = Math.min(size, bytes.byteLength - offset - 8);
      return byteRate ? round(present / byteRate) : undefined;
    }
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
