import OpenAI, { BadRequestError, InternalServerError, NotFoundError, RateLimitError, toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { useMockNetwork } from '../src/index.ts';
import { wav } from './wav.ts';

const network = useMockNetwork();

/** The real client, without retries so fault tests see the first answer. */
function client(options: ConstructorParameters<typeof OpenAI>[0] = {}) {
  return new OpenAI({ apiKey: 'sk-test', maxRetries: 0, ...options });
}

const upload = (seconds = 3, name = 'clip.wav') => toFile(wav(seconds), name, { type: 'audio/wav' });

describe('OpenAI emulator: audio transcriptions', () => {
  it('answers the scripted transcript as json, with duration usage for whisper-1', async () => {
    network.openai.scriptTranscription({ text: 'Hello there.' });
    const result = await client().audio.transcriptions.create({ file: await upload(3), model: 'whisper-1' });
    expect(result.text).toBe('Hello there.');
    expect(result.usage).toEqual({ type: 'duration', seconds: 3 });
  });

  it('answers verbose_json with scripted segments, the WAV duration and the requested word timestamps', async () => {
    network.openai.scriptTranscription({
      text: 'one two three',
      segments: [
        { start: 0, end: 1.5, text: 'one two' },
        { start: 1.5, end: 2.5, text: 'three' },
      ],
    });
    const result = await client().audio.transcriptions.create({
      file: await upload(4),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['segment', 'word'],
    });
    expect(result.duration).toBe(4);
    expect(result.segments?.map(({ start, end, text }) => ({ start, end, text }))).toEqual([
      { start: 0, end: 1.5, text: 'one two' },
      { start: 1.5, end: 2.5, text: 'three' },
    ]);
    expect(result.words?.map((w) => w.word)).toEqual(['one', 'two', 'three']);
    expect(result.words?.at(-1)?.end).toBe(4);
  });

  it('returns plain text for response_format text (whisper-1; the GPT-4o family answers json only)', async () => {
    network.openai.scriptTranscription({ text: 'just text' });
    const text = await client().audio.transcriptions.create({
      file: await upload(),
      model: 'whisper-1',
      response_format: 'text',
    });
    expect(text.trim()).toBe('just text');
  });

  it('without a script, transcribes as a default text naming the file, timed over its duration', async () => {
    const result = await client().audio.transcriptions.create({
      file: await upload(2, 'meeting.wav'),
      model: 'whisper-1',
      response_format: 'verbose_json',
    });
    expect(result.text).toBe('testkit transcript of meeting.wav');
    expect(result.segments).toHaveLength(1);
    expect(result.segments?.[0]).toMatchObject({ start: 0, end: 2 });
  });

  it('records the parsed form: model, format, granularities and the file byte for byte', async () => {
    const bytes = wav(1);
    await client().audio.transcriptions.create({
      file: await toFile(bytes, 'a.wav', { type: 'audio/wav' }),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['segment'],
      language: 'en',
      prompt: 'Names: Ada',
    });
    const [request] = network.openai.transcriptionRequests;
    expect(request).toMatchObject({
      model: 'whisper-1',
      responseFormat: 'verbose_json',
      timestampGranularities: ['segment'],
      language: 'en',
      prompt: 'Names: Ada',
      file: { name: 'a.wav', type: 'audio/wav', size: bytes.byteLength },
    });
    expect(request?.file?.bytes).toEqual(bytes);
    expect(network.openai.requests[0]?.path).toBe('/v1/audio/transcriptions');
  });

  it('bills the GPT-4o transcribe family in tokens and refuses verbose_json for it, as the API does', async () => {
    const json = await client().audio.transcriptions.create({ file: await upload(3), model: 'gpt-4o-mini-transcribe' });
    expect(json.usage).toMatchObject({ type: 'tokens', input_tokens: 30 });
    const verbose = client().audio.transcriptions.create({
      file: await upload(),
      model: 'gpt-4o-transcribe',
      response_format: 'verbose_json',
    });
    await expect(verbose).rejects.toBeInstanceOf(BadRequestError);
    await expect(verbose).rejects.toThrow(/verbose_json.*not compatible/);
  });

  it('rejects unknown models with 404 and missing files with 400', async () => {
    await expect(
      client().audio.transcriptions.create({ file: await upload(), model: 'whisper-9' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    network.openai.transcriptionModels = ['whisper-9'];
    await expect(
      client().audio.transcriptions.create({ file: await upload(), model: 'whisper-9' }),
    ).resolves.toMatchObject({ text: 'testkit transcript of clip.wav' });
    const noFile = await fetch('https://api.openai.com/v1/audio/transcriptions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test' },
      body: (() => {
        const form = new FormData();
        form.set('model', 'whisper-1');
        return form;
      })(),
    });
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ error: { message: "Missing required parameter: 'file'." } });
  });

  it('applies faults from fail() and from the script, then answers the next scripted step', async () => {
    network.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 2 });
    network.openai.scriptTranscription({ fault: 'server_error', status: 503 }, { text: 'third time lucky' });
    const openai = client();
    const error = await openai.audio.transcriptions
      .create({ file: await upload(), model: 'whisper-1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.headers.get('retry-after')).toBe('2');
    await expect(
      openai.audio.transcriptions.create({ file: await upload(), model: 'whisper-1' }),
    ).rejects.toBeInstanceOf(InternalServerError);
    await expect(
      openai.audio.transcriptions.create({ file: await upload(), model: 'whisper-1' }),
    ).resolves.toMatchObject({ text: 'third time lucky' });
    // Faulted requests are recorded too.
    expect(network.openai.transcriptionRequests).toHaveLength(3);
  });

  it('accepts any transcription model on OpenAI-compatible servers (e.g. a local whisper server)', async () => {
    const local = network.openaiCompatible('http://whisper.test/v1');
    local.scriptTranscription({ text: 'local' });
    const result = await client({ baseURL: local.baseURL }).audio.transcriptions.create({
      file: await upload(),
      model: 'Systran/faster-whisper-small',
      response_format: 'verbose_json',
    });
    expect(result.text).toBe('local');
    expect(network.openai.transcriptionRequests).toHaveLength(0);
  });

  it('forgets transcription scripts, requests and models after each test', () => {
    expect(network.openai.transcriptionRequests).toHaveLength(0);
    expect(network.openai.transcriptionModels).toContain('whisper-1');
    expect(network.openai.transcriptionModels).not.toContain('whisper-9');
  });
});
