/** Cassette files: JSON, validated when loaded so a hand-edited file fails with the field named. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Cassette } from './types.ts';

/** Writes a cassette as pretty JSON (reviewable in a diff), creating the folder. */
export function saveCassette(file: string, cassette: Cassette): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(cassette, null, 2)}\n`);
}

/** Reads and checks a cassette. Errors are one line naming the file and what is wrong. */
export function loadCassette(file: string): Cassette {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`cassette ${file} not found: record it with CASSETTE_MODE=record and live credentials`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`cassette ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const problem = checkCassette(data);
  if (problem) throw new Error(`cassette ${file}: ${problem}`);
  return data as Cassette;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first thing wrong with a cassette, or undefined. */
function checkCassette(data: unknown): string | undefined {
  if (!isObject(data)) return 'must be a JSON object';
  if (data.version !== 1) return `version: expected 1, got ${JSON.stringify(data.version)}`;
  if (!Array.isArray(data.interactions)) return 'interactions: must be an array';
  for (const [i, interaction] of data.interactions.entries()) {
    const at = `interactions[${i}]`;
    if (!isObject(interaction)) return `${at}: must be an object`;
    const { request, response } = interaction;
    if (!isObject(request) || typeof request.method !== 'string' || typeof request.url !== 'string') {
      return `${at}.request: needs method and url strings`;
    }
    if (!URL.canParse(request.url)) return `${at}.request.url: not a URL`;
    if (!isObject(response) || typeof response.status !== 'number') return `${at}.response.status: must be a number`;
    const body = response.body;
    if (!isObject(body) || !['text', 'base64', 'stream'].includes(String(body.kind))) {
      return `${at}.response.body.kind: must be text, base64 or stream`;
    }
    if (body.kind === 'stream' && !(Array.isArray(body.chunks) && Array.isArray(body.gapsMs))) {
      return `${at}.response.body: a stream needs chunks and gapsMs arrays`;
    }
  }
  return undefined;
}
