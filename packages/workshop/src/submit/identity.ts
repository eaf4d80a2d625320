import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The participant's key: 32 random bytes made once per checkout and kept in
 * `.workshop/participant.json` (git-ignored, readable by the owner only). The dashboard binds a
 * name to the key of its first submission, so nobody else can overwrite that participant's record.
 */
export function keyFile(root: string): string {
  return path.join(root, '.workshop', 'participant.json');
}

/** Reads the key, making and saving one on first use. */
export async function participantKey(root: string): Promise<string> {
  const file = keyFile(root);
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { key?: unknown };
    if (typeof saved.key === 'string' && /^[A-Za-z0-9_-]{32,128}$/.test(saved.key)) return saved.key;
  } catch {
    // First submission from this checkout: make a key below.
  }
  const key = randomBytes(32).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ version: 1, key }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
  return key;
}
