import { readFileSync } from 'node:fs';
import {
  BATCH_CHAT_ENDPOINT,
  BatchFileError,
  type BatchRequestItem,
  buildBatchFile,
  parseBatchOutput,
} from '@lab/batch-file.ts';
import { describe, expect, it } from 'vitest';

const OUTPUT = readFileSync(new URL('../fixtures/batch-output.jsonl', import.meta.url), 'utf8');

const REVIEWS = [
  'The kettle stopped working after two days.',
  'Lovely teapot, arrived well packed.',
  'Delivery was quick and the kettle is quiet.',
];

function item(index: number, review: string): BatchRequestItem {
  return {
    customId: `q-${index + 1}`,
    model: 'gpt-4o-mini',
    request: {
      messages: [
        { role: 'system', content: 'Classify the sentiment of the review as Positive or Negative.' },
        { role: 'user', content: review },
      ],
      temperature: 0,
      maxOutputTokens: 5,
    },
  };
}

function errorOf(run: () => unknown): BatchFileError {
  try {
    run();
  } catch (error) {
    expect(error, `expected a BatchFileError, got: ${String(error)}`).toBeInstanceOf(BatchFileError);
    return error as BatchFileError;
  }
  throw new Error('expected a BatchFileError, nothing was thrown');
}

describe('OpenAI Batch API files: build the input JSONL, parse the output by custom_id', () => {
  it('builds one request line per item with its custom_id, method, url and Chat Completions body', () => {
    const file = buildBatchFile(REVIEWS.map((review, index) => item(index, review)));

    expect(file.endsWith('\n')).toBe(true);
    const lines = file
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual({
      custom_id: 'q-2',
      method: 'POST',
      url: BATCH_CHAT_ENDPOINT,
      body: {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Classify the sentiment of the review as Positive or Negative.' },
          { role: 'user', content: REVIEWS[1] },
        ],
        temperature: 0,
        max_completion_tokens: 5,
      },
    });
  });

  it('rejects a duplicate custom_id or a second model, naming the line', () => {
    const items = REVIEWS.map((review, index) => item(index, review));
    const duplicate = errorOf(() => buildBatchFile([...items, { ...item(0, 'Another review') }]));
    expect(duplicate.line).toBe(4);
    expect(duplicate.message).toMatch(/line 4/);
    expect(duplicate.message).toContain('q-1');

    const mixed = errorOf(() => buildBatchFile([items[0] as BatchRequestItem, { ...item(1, 'x'), model: 'gpt-4o' }]));
    expect(mixed.message).toMatch(/line 2.*gpt-4o/);
  });

  it('maps output lines back to their requests by custom_id, with successes, failed requests and missing ids', () => {
    const { results, missing } = parseBatchOutput(OUTPUT, ['q-1', 'q-2', 'q-3', 'q-4', 'q-5']);

    expect(results.get('q-1')).toEqual({
      customId: 'q-1',
      ok: true,
      text: 'Negative',
      finishReason: 'stop',
      usage: { inputTokens: 44, outputTokens: 2, totalTokens: 46 },
    });
    expect(results.get('q-3')).toMatchObject({ ok: true, text: 'Positive' });
    expect(results.get('q-2')).toEqual({
      customId: 'q-2',
      ok: false,
      error: {
        code: 'string_above_max_length',
        message: "Invalid 'messages[1].content': string too long. Expected a string with maximum length 1048576.",
        status: 400,
      },
    });
    expect(results.get('q-4')).toMatchObject({ ok: false, error: { code: 'batch_expired' } });
    expect(missing).toEqual(['q-5']);
  });

  it('names the line of a malformed output line', () => {
    const lines = OUTPUT.trimEnd().split('\n');

    const notJson = errorOf(() =>
      parseBatchOutput([lines[0], lines[1], '{"custom_id": "q-2", "response": {', lines[3]].join('\n')),
    );
    expect(notJson.line).toBe(3);
    expect(notJson.message).toMatch(/line 3/);

    const noId = errorOf(() => parseBatchOutput([lines[0], '{"response": null, "error": null}'].join('\n')));
    expect(noId.line).toBe(2);
    expect(noId.message).toMatch(/line 2.*custom_id/);

    const repeated = errorOf(() => parseBatchOutput([lines[0], lines[1], lines[0]].join('\n')));
    expect(repeated.message).toMatch(/line 3.*q-3/);

    const unknown = errorOf(() => parseBatchOutput(OUTPUT, ['q-1', 'q-2', 'q-3']));
    expect(unknown.message).toMatch(/line 4.*q-4/);
  });
});
