import { isMediaError } from '@lab/errors.ts';
import { planChunks, transcribeAudio } from '@lab/transcribe.ts';
import { OpenAITranscriber } from '@lab/transcriber.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { photo, wav, wavSeconds } from './support/media.ts';

const network = useMockNetwork();

const whisper = () => new OpenAITranscriber({ apiKey: 'sk-test', model: 'whisper-1' });

describe('given: audio → chunks → transcription → one merged, timed, redacted transcript', () => {
  it('plans chunks by duration; a remainder under a second joins the previous chunk', () => {
    expect(planChunks(25, 10)).toEqual([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 25 },
    ]);
    expect(planChunks(20.5, 10)).toEqual([
      { start: 0, end: 10 },
      { start: 10, end: 20.5 },
    ]);
    expect(planChunks(4, 10)).toEqual([{ start: 0, end: 4 }]);
  });

  it('uploads each chunk as its own WAV and offsets every timestamp by the chunk start', async () => {
    network.openai.scriptTranscription(
      { text: 'Good morning everyone.', segments: [{ start: 0.5, end: 3, text: 'Good morning everyone.' }] },
      {
        text: 'Agenda first. Then numbers.',
        segments: [
          { start: 1, end: 4, text: 'Agenda first.' },
          { start: 4, end: 9.5, text: 'Then numbers.' },
        ],
      },
      { text: 'Thanks, bye.', segments: [{ start: 0, end: 2, text: 'Thanks, bye.' }] },
    );
    const result = await transcribeAudio(
      { name: 'standup.wav', bytes: wav(25) },
      { transcriber: whisper(), chunkSeconds: 10 },
    );

    const uploads = network.openai.transcriptionRequests;
    expect(uploads).toHaveLength(3);
    expect(uploads.map((u) => wavSeconds(u.file?.bytes ?? new Uint8Array(44)))).toEqual([10, 10, 5]);
    for (const upload of uploads) {
      expect(upload).toMatchObject({
        model: 'whisper-1',
        responseFormat: 'verbose_json',
        timestampGranularities: ['segment'],
      });
      expect(upload.file?.name).toMatch(/\.wav$/);
    }
    expect(result.segments).toEqual([
      { start: 0.5, end: 3, text: 'Good morning everyone.' },
      { start: 11, end: 14, text: 'Agenda first.' },
      { start: 14, end: 19.5, text: 'Then numbers.' },
      { start: 20, end: 22, text: 'Thanks, bye.' },
    ]);
    expect(result.text).toBe('Good morning everyone. Agenda first. Then numbers. Thanks, bye.');
    expect(result).toMatchObject({ complete: true, durationSeconds: 25 });
    expect(result.chunks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('redacts PII in the merged text and in every segment before returning', async () => {
    const said = 'Email me at grace@example.com or call +1 415 555 0134.';
    network.openai.scriptTranscription({ text: said, segments: [{ start: 0, end: 4, text: said }] });
    const result = await transcribeAudio(
      { name: 'call.wav', bytes: wav(4) },
      { transcriber: whisper(), chunkSeconds: 10 },
    );
    expect(result.text).toBe('Email me at [EMAIL] or call [PHONE].');
    expect(result.segments[0]?.text).toBe('Email me at [EMAIL] or call [PHONE].');
    expect(JSON.stringify(result)).not.toMatch(/grace@|555 0134/);
    expect(result.redactions).toEqual({ EMAIL: 1, PHONE: 1 });
  });

  it('a failed chunk becomes a reported gap; the chunks already transcribed are kept', async () => {
    network.openai.scriptTranscription(
      { text: 'part one', segments: [{ start: 0, end: 5, text: 'part one' }] },
      { fault: 'server_error', status: 502 },
      { text: 'part three', segments: [{ start: 1, end: 3, text: 'part three' }] },
    );
    const result = await transcribeAudio(
      { name: 'long.wav', bytes: wav(30) },
      { transcriber: whisper(), chunkSeconds: 10 },
    );
    expect(result.complete).toBe(false);
    expect(result.chunks.map((c) => c.status)).toEqual(['ok', 'failed', 'ok']);
    expect(result.chunks[1]).toMatchObject({ start: 10, end: 20 });
    expect(result.chunks[1]?.error).toMatch(/502|server error/i);
    expect(result.text).toBe('part one part three');
    expect(result.segments.map((s) => s.start)).toEqual([0, 21]);
  });

  it('refuses before any upload: over budget, truncated audio, or an image', async () => {
    const budget = await transcribeAudio(
      { name: 'hour.wav', bytes: wav(120) },
      { transcriber: whisper(), chunkSeconds: 30, maxCostUsd: 0.001 },
    ).catch((e: unknown) => e);
    expect(isMediaError(budget) && budget.kind).toBe('over_budget');
    const truncated = await transcribeAudio(
      { name: 'cut.wav', bytes: wav(5).subarray(0, 20_000) },
      { transcriber: whisper() },
    ).catch((e: unknown) => e);
    expect(isMediaError(truncated) && truncated.kind).toBe('corrupt');
    expect((truncated as Error).message).toMatch(/^cut\.wav: /);
    const notAudio = await transcribeAudio(
      { name: 'pic.jpg', bytes: await photo({ width: 20, height: 20 }) },
      { transcriber: whisper() },
    ).catch((e: unknown) => e);
    expect(isMediaError(notAudio)).toBe(true);
    expect(network.openai.transcriptionRequests).toHaveLength(0);
  });

  it('with a token-billed model (json only, no timestamps) each chunk becomes one segment at its offset', async () => {
    network.openai.scriptTranscription({ text: 'alpha' }, { text: 'beta' });
    const result = await transcribeAudio(
      { name: 'memo.wav', bytes: wav(16) },
      { transcriber: new OpenAITranscriber({ apiKey: 'sk-test', model: 'gpt-4o-mini-transcribe' }), chunkSeconds: 8 },
    );
    expect(network.openai.transcriptionRequests.map((r) => r.responseFormat)).toEqual(['json', 'json']);
    expect(result.segments).toEqual([
      { start: 0, end: 8, text: 'alpha' },
      { start: 8, end: 16, text: 'beta' },
    ]);
  });
});
