import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, ffmpegFinding } from '../src/commands/doctor.ts';
import { copyFixture, fixtureRepo, runCli } from './helpers.ts';

describe('workshop hint', () => {
  it('shows the requested level for the first unfinished checkpoint', async () => {
    const run = await runCli(['hint', '01-demo', '--level', '2'], await copyFixture());
    expect(run.stdout).toContain('DoD-1 add() adds');
    expect(run.stdout).toContain('Hint 2/2: Return a + b.');
  });

  it('says so when every checkpoint passes, instead of hinting at a solved one', async () => {
    const repo = await copyFixture();
    await runCli(['verify'], repo, {});
    const progress = path.join(repo, '.workshop', 'progress.json');
    const saved = JSON.parse(await readFile(progress, 'utf8'));
    for (const checkpoint of saved.labs['01-demo'].checkpoints) checkpoint.status = 'pass';
    await writeFile(progress, JSON.stringify(saved));
    const run = await runCli(['hint', '01-demo'], repo);
    expect(run.stdout).toBe(
      '01-demo: every checkpoint passes; nothing to hint. For a given one: workshop hint 01-demo --checkpoint DoD-n\n',
    );
    expect((await runCli(['hint', '01-demo', '--checkpoint', 'DoD-2'], repo)).stdout).toContain(
      'Hint 1/2: Sum, then divide.',
    );
  });

  it('rejects a level the checkpoint does not have', async () => {
    const run = await runCli(['hint', '01-demo', '--level', '7'], await copyFixture());
    expect(run.stderr).toBe('workshop: --level must be a whole number from 1 to 2, got "7"\n');
  });
});

describe('workshop reset', () => {
  it('backs the participant’s files up, then restores the starter', async () => {
    const repo = await copyFixture();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'starter');
    const file = path.join(repo, 'labs/01-demo/src/math.ts');
    const starter = await readFile(file, 'utf8');
    await writeFile(file, '// my work in progress\n');

    const run = await runCli(['reset', '01-demo'], repo);
    expect(run.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(starter);
    const backups = await readdir(path.join(repo, '.workshop/backups'));
    expect(backups).toHaveLength(1);
    const saved = path.join(repo, '.workshop/backups', backups[0] as string, 'src/math.ts');
    expect(await readFile(saved, 'utf8')).toBe('// my work in progress\n');
  });

  it('refuses outside a git checkout without touching the files', async () => {
    const repo = await copyFixture();
    const file = path.join(repo, 'labs/01-demo/src/math.ts');
    await writeFile(file, '// keep me\n');
    const run = await runCli(['reset', '01-demo'], repo, { GIT_CEILING_DIRECTORIES: path.dirname(repo) });
    expect(run.code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('// keep me\n');
  });
});

describe('workshop diff', () => {
  it('shows the participant’s code against the reference', async () => {
    const run = await runCli(['diff', '01-demo'], await copyFixture());
    expect(run.stdout).toContain('--- labs/01-demo/src/math.ts');
    expect(run.stdout).toContain('+++ solutions/01-demo/src/math.ts');
    expect(run.stdout).toContain("-  throw new Error('TODO: implement add');");
    expect(run.stdout).toContain('+  return a + b;');
  });
});

describe('workshop watch without a terminal', () => {
  it('prints the list instead of waiting for keys', async () => {
    const run = await runCli([], await copyFixture());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('01-demo');
    expect(run.stdout).toContain('Overall');
  });
});

describe('workshop check', () => {
  it('passes when every checkpoint fails on the starter and passes on the solution', async () => {
    const run = await runCli(['check'], await copyFixture());
    expect(run.stdout).toContain('check: 4 passed, 0 failed');
    expect(run.code).toBe(0);
  });

  it('fails when a starter already passes a checkpoint', async () => {
    const repo = await copyFixture();
    const file = path.join(repo, 'labs/01-demo/src/math.ts');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace("throw new Error('TODO: implement add');", 'return _a + _b;'),
    );
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('labs/01-demo DoD-1: passes on the starter');
  });

  it('names a DoD test that passes on the starter even when its checkpoint fails', async () => {
    const repo = await copyFixture();
    const test = path.join(repo, 'labs/01-demo/test/math.test.ts');
    // A test of given code: it passes whatever the participant writes.
    await writeFile(
      test,
      (await readFile(test, 'utf8')).replace(
        "  it('averages', () => {",
        "  it('has a mean export', () => {\n    expect(typeof mean).toBe('function');\n  });\n  it('averages', () => {",
      ),
    );
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'labs/01-demo/test/math.test.ts: "DoD-2 mean > has a mean export" passes on the untouched starter',
    );
  });

  it('refuses a dataset whose dev and test splits share rows', async () => {
    const repo = await copyFixture();
    const dev = path.join(repo, 'labs/01-demo/fixtures/means.dev.jsonl');
    await writeFile(dev, `${await readFile(dev, 'utf8')}{"values":[2,4],"mean":3}\n`);
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'labs/01-demo/fixtures/means.test.jsonl: 1 row(s) of dataset "means" are also in the dev split',
    );
  });

  it('fails when a test carries no checkpoint id or a starter has no TODO marker', async () => {
    const repo = await copyFixture();
    const test = path.join(repo, 'labs/01-demo/test/math.test.ts');
    await writeFile(test, (await readFile(test, 'utf8')).replace("describe('DoD-1 add'", "describe('add'"));
    const src = path.join(repo, 'labs/01-demo/src/math.ts');
    await writeFile(src, (await readFile(src, 'utf8')).replaceAll('// TODO', '//'));
    const run = await runCli(['check'], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('test "add > adds two numbers" does not start with a checkpoint id');
    expect(run.stdout).toContain('no `// TODO` marker');
  });
});

describe('workshop doctor', () => {
  it('names the missing ffmpeg binary and how to install it on each system', () => {
    const missing = ffmpegFinding({ FFMPEG_PATH: '/nowhere/ffmpeg' }, (command) =>
      command === 'ffprobe' ? 'ffprobe 7' : undefined,
    );
    expect(missing).toMatchObject({ ok: false, detail: '/nowhere/ffmpeg not found' });
    expect(missing.fix).toMatch(/apt-get install -y ffmpeg .*brew install ffmpeg .*winget/);
    expect(ffmpegFinding({}, () => 'ffmpeg version 5.1\nbuilt with gcc')).toMatchObject({
      ok: true,
      detail: 'ffmpeg version 5.1',
    });
  });

  it('names each unreachable service with its URL and a fix', async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:6333') });
    };
    const findings = await diagnose({ QDRANT_URL: 'http://127.0.0.1:6333' }, refused);
    const qdrant = findings.find((f) => f.check === 'Qdrant');
    expect(qdrant).toMatchObject({ ok: false });
    expect(qdrant?.detail).toContain('http://127.0.0.1:6333/readyz unreachable (connect ECONNREFUSED');
    expect(qdrant?.fix).toMatch(/docker compose up -d qdrant/);
  });

  it('flags an unknown provider and a missing key by variable name', async () => {
    const never: typeof fetch = async () => new Response('{}');
    const unknown = await diagnose({ LLM_PROVIDER: 'gemini' }, never);
    expect(unknown.find((f) => f.check === 'chat model')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('LLM_PROVIDER'),
    });
    const noKey = await diagnose({ LLM_PROVIDER: 'openai' }, never);
    expect(noKey.find((f) => f.check === 'chat model')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('OPENAI_API_KEY'),
    });
  });

  it('probes the configured Ollama and reports it reachable', async () => {
    const seen: string[] = [];
    const ok: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response('{}', { status: 200 });
    };
    const findings = await diagnose({ LLM_PROVIDER: 'ollama', OLLAMA_HOST: '127.0.0.1:11434' }, ok);
    expect(seen).toEqual(['http://127.0.0.1:11434/api/version']);
    expect(findings.find((f) => f.check === 'Ollama')).toMatchObject({ ok: true });
  });

  it('needs nothing in the offline default', async () => {
    const never: typeof fetch = async () => {
      throw new Error('the offline default must not probe anything');
    };
    const findings = await diagnose({}, never);
    expect(findings.find((f) => f.check === 'chat model')?.detail).toContain('offline');
  });

  it('names the offline embedding model in use, and a bad OFFLINE_EMBEDDING_MODEL by name', async () => {
    const never: typeof fetch = async () => {
      throw new Error('offline embeddings must not probe anything');
    };
    const embedding = async (env: NodeJS.ProcessEnv) =>
      (await diagnose(env, never)).find((f) => f.check === 'embedding model');
    expect((await embedding({}))?.detail).toBe('offline offline-glove (offline: no key, no network)');
    expect((await embedding({ OFFLINE_EMBEDDING_MODEL: 'hash' }))?.detail).toContain('offline-hash');
    expect(await embedding({ OFFLINE_EMBEDDING_MODEL: 'word2vec' })).toMatchObject({
      ok: false,
      detail: 'OFFLINE_EMBEDDING_MODEL="word2vec" is not allowed; use one of: hash, glove',
    });
  });
});

describe('fixture sanity', () => {
  it('the fixture workshop exists', () => {
    expect(existsSync(path.join(fixtureRepo, 'labs/01-demo/lab.yaml'))).toBe(true);
  });
});
