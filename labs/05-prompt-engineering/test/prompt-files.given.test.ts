import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PromptFileError, PromptRepository, parsePromptFile } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';
import { MALFORMED_DIR, PROMPTS_DIR } from './helpers.ts';

const SUPPORT_1_1 = path.join(PROMPTS_DIR, 'support-reply', '1.1.0.prompt');

/** Parses a file and returns the PromptFileError it must throw. */
async function parseError(name: string): Promise<PromptFileError> {
  const file = path.join(MALFORMED_DIR, name);
  const text = await readFile(file, 'utf8');
  try {
    parsePromptFile(file, text);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('TODO')) throw error;
    expect(error, `${name} should throw a PromptFileError`).toBeInstanceOf(PromptFileError);
    return error as PromptFileError;
  }
  throw new Error(`${name} was accepted, but it is malformed`);
}

describe('prompt files load with validated front-matter and a content hash', () => {
  it('loads every version of every prompt with its front-matter and messages', async () => {
    const repo = await PromptRepository.load(PROMPTS_DIR);
    expect(repo.ids()).toEqual(['support-reply', 'ticket-summary']);
    expect(repo.versions('support-reply')).toEqual(['1.0.0', '1.1.0']);

    const reply = repo.get('support-reply', '1.1.0');
    expect(reply.model).toBe('gpt-4o-mini');
    expect(reply.parameters).toEqual({ temperature: 0.2, maxOutputTokens: 500, responseFormat: 'json' });
    expect(reply.variables.tone).toMatchObject({ type: 'enum', values: ['friendly', 'formal'], default: 'friendly' });
    expect(reply.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(reply.messages[1]?.template).toContain('{{ticket}}');

    // A file without [role] lines is a single user message.
    expect(repo.get('ticket-summary', '1.0.0').messages.map((m) => m.role)).toEqual(['user']);
  });

  it('hashes the content: stable under YAML reformatting, different when the template changes', async () => {
    const text = await readFile(SUPPORT_1_1, 'utf8');
    const original = parsePromptFile(SUPPORT_1_1, text);
    expect(original.hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    // Same content, different YAML layout: a comment, reordered keys, CRLF line endings.
    const reformatted = text
      .replace('model: gpt-4o-mini\n', '')
      .replace('version: 1.1.0\n', 'version: 1.1.0\nmodel: gpt-4o-mini # pinned\n')
      .replace(/\n/g, '\r\n');
    expect(parsePromptFile(SUPPORT_1_1, reformatted).hash).toBe(original.hash);

    const edited = text.replace('Write a short,', 'Write a brief,');
    expect(parsePromptFile(SUPPORT_1_1, edited).hash).not.toBe(original.hash);
    const retuned = text.replace('temperature: 0.2', 'temperature: 0.7');
    expect(parsePromptFile(SUPPORT_1_1, retuned).hash).not.toBe(original.hash);

    const repo = await PromptRepository.load(PROMPTS_DIR);
    expect(repo.get('support-reply', '1.0.0').hash).not.toBe(repo.get('support-reply', '1.1.0').hash);
  });

  it('rejects malformed files with an error naming the file and the field', async () => {
    const yaml = await parseError('bad-yaml.prompt');
    expect(yaml.field).toBe('front-matter');
    expect(yaml.message).toContain('bad-yaml.prompt');

    const semver = await parseError('bad-semver.prompt');
    expect(semver.field).toBe('version');
    expect(semver.message).toContain('v1.2');

    const type = await parseError('unknown-type.prompt');
    expect(type.field).toBe('variables.received_at.type');
    expect(type.message).toContain('date');

    const placeholder = await parseError('undeclared-placeholder.prompt');
    expect(placeholder.field).toBe('template');
    expect(placeholder.message).toContain('customer_name');

    const parameter = await parseError('unknown-parameter.prompt');
    expect(parameter.field).toBe('parameters.top_k');

    for (const error of [yaml, semver, type, placeholder, parameter]) {
      expect(error.message.split('\n')).toHaveLength(1);
      expect(error.message).toContain(error.file);
    }
  });

  it('fails to load a directory that contains a malformed file, naming it', async () => {
    await expect(PromptRepository.load(MALFORMED_DIR)).rejects.toThrow(/malformed[/\\].+\.prompt:/);
  });
});
