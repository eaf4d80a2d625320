import path from 'node:path';
import type { Plugin } from 'vitest/config';
import type { Target } from './vitest-config.ts';

/** The lab a file belongs to (`labs/<id>/…`), or undefined for files outside the labs. */
export function labOfFile(root: string, file: string): string | undefined {
  const relative = path.relative(path.join(root, 'labs'), file);
  const [id] = relative.split(path.sep);
  return id && !id.startsWith('..') && relative !== id ? id : undefined;
}

/**
 * Resolves `@lab/<file>` by the lab of the importing test file: `labs/<id>/test/x.test.ts`
 * importing `@lab/parse.ts` gets `<target>/<id>/src/parse.ts`. With the alias decided per
 * importer, every lab runs in ONE vitest project, so workers (and the openai, msw and zod
 * modules they have loaded) are shared across labs instead of being started per lab.
 */
export function labAliasPlugin(root: string, target: Target): Plugin {
  return {
    name: 'workshop:lab-alias',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!source.startsWith('@lab/') || !importer) return null;
      const lab = labOfFile(root, importer);
      if (!lab) return null;
      return this.resolve(path.join(root, target, lab, 'src', source.slice('@lab/'.length)), importer, {
        skipSelf: true,
      });
    },
  };
}
