/** Assemble kernels.wat with wabt; shared by the build script and the drift test. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

export async function assembleKernels(): Promise<Uint8Array> {
  const path = fileURLToPath(new URL('../src/memory/wasm/kernels.wat', import.meta.url));
  const wabt = await wabtInit();
  const module = wabt.parseWat('kernels.wat', readFileSync(path, 'utf8'), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
