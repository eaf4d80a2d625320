import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PromptRepository, PromptRepositoryError } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';
import { copyPrompts, steppingClock } from './helpers.ts';

/** Adds a 1.2.0 of support-reply to a copied repository (1.1.0 with one more rule). */
async function publish120(dir: string): Promise<void> {
  const source = await readFile(path.join(dir, 'support-reply', '1.1.0.prompt'), 'utf8');
  const next = source
    .replace('version: 1.1.0', 'version: 1.2.0')
    .replace('[user]', 'Keep the reply under 120 words.\n\n[user]');
  await writeFile(path.join(dir, 'support-reply', '1.2.0.prompt'), next);
}

describe('labels point at versions, and rollback moves a label back', () => {
  it('moves labels, resolves them, and persists them for the next process', async () => {
    const dir = await copyPrompts();
    const repo = await PromptRepository.load(dir, { now: steppingClock() });
    await repo.moveLabel('support-reply', 'production', '1.0.0', { by: 'alice', reason: 'first release' });
    await repo.moveLabel('support-reply', 'staging', '1.1.0', { by: 'ci' });

    expect(await repo.labels('support-reply')).toEqual({ production: '1.0.0', staging: '1.1.0' });
    expect((await repo.resolve('support-reply', 'production')).version).toBe('1.0.0');
    expect((await repo.resolve('support-reply', 'staging')).version).toBe('1.1.0');

    // A restart (a new repository on the same directory) sees the same labels.
    const again = await PromptRepository.load(dir);
    expect((await again.resolve('support-reply', 'production')).version).toBe('1.0.0');
  });

  it('rolls a label back to the version it pointed at before, and logs every move', async () => {
    const dir = await copyPrompts();
    const repo = await PromptRepository.load(dir, { now: steppingClock() });
    await repo.moveLabel('support-reply', 'production', '1.0.0', { by: 'alice' });
    await repo.moveLabel('support-reply', 'production', '1.1.0', { by: 'alice', reason: 'tone switch' });
    expect((await repo.resolve('support-reply', 'production')).version).toBe('1.1.0');

    const move = await repo.rollback('support-reply', 'production', { by: 'bob', reason: 'complaints' });
    expect(move).toMatchObject({ action: 'rollback', version: '1.0.0', by: 'bob', reason: 'complaints' });
    expect((await repo.resolve('support-reply', 'production')).version).toBe('1.0.0');

    const history = await repo.history('support-reply', 'production');
    expect(history.map((m) => [m.action, m.version, m.at])).toEqual([
      ['move', '1.0.0', '2025-03-01T09:00:00.000Z'],
      ['move', '1.1.0', '2025-03-01T09:01:00.000Z'],
      ['rollback', '1.0.0', '2025-03-01T09:02:00.000Z'],
    ]);
  });

  it('two rollbacks in a row go back two versions, and a third has nowhere to go', async () => {
    const dir = await copyPrompts();
    await publish120(dir);
    const repo = await PromptRepository.load(dir);
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) await repo.moveLabel('support-reply', 'production', version);

    await repo.rollback('support-reply', 'production');
    expect((await repo.resolve('support-reply', 'production')).version).toBe('1.1.0');
    await repo.rollback('support-reply', 'production');
    expect((await repo.resolve('support-reply', 'production')).version).toBe('1.0.0');
    await expect(repo.rollback('support-reply', 'production')).rejects.toThrow(/no earlier version/);
  });

  it('refuses a label on a version that does not exist, or on an unset label', async () => {
    const repo = await PromptRepository.load(await copyPrompts());
    await expect(repo.moveLabel('support-reply', 'production', '9.9.9')).rejects.toThrow(/9\.9\.9/);
    await expect(repo.resolve('support-reply', 'production')).rejects.toBeInstanceOf(PromptRepositoryError);
    await expect(repo.resolve('support-reply', 'production')).rejects.toThrow(/production/);
  });

  it('detects a labelled version that was edited in place (its hash changed)', async () => {
    const dir = await copyPrompts();
    await (await PromptRepository.load(dir)).moveLabel('support-reply', 'production', '1.0.0');
    const file = path.join(dir, 'support-reply', '1.0.0.prompt');
    await writeFile(file, (await readFile(file, 'utf8')).replace('short, friendly', 'short, cheerful'));

    const reloaded = await PromptRepository.load(dir);
    await expect(reloaded.resolve('support-reply', 'production')).rejects.toThrow(/changed/);
  });
});
