import { describe, expect, it } from 'vitest';
import { assembleKernels } from '../scripts/assemble.ts';
import { TopK } from '../src/memory/topk.ts';
import { KERNELS_WASM_BASE64 } from '../src/memory/wasm/kernels.wasm.ts';

describe('memory store kernels', () => {
  it('the embedded wasm is kernels.wat assembled (run `pnpm build:wasm` after editing the .wat)', async () => {
    const fresh = Buffer.from(await assembleKernels()).toString('base64');
    expect(KERNELS_WASM_BASE64).toBe(fresh);
  });

  it('TopK keeps the k highest of a stream, best first', () => {
    const scores = Array.from(
      { length: 2000 },
      (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453),
    );
    const top = new TopK(10);
    scores.forEach((s, row) => {
      top.push(s, row);
    });
    const expected = scores
      .map((score, row) => ({ score, row }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    expect(top.sorted()).toEqual(expected);
  });
});
