import { parseOpsConfig } from '@lab/ops-config.ts';
import type { OpsFinding, OpsReport } from '@lab/types.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { digest, opsInput } from './support.ts';

const network = useMockNetwork();

function _only(report: OpsReport, id: OpsFinding['id']): OpsFinding {
  const found = report.findings.filter((f) => f.id === id);
  expect(found, `expected one "${id}" finding in ${JSON.stringify(report.findings)}`).toHaveLength(1);
  return found[0] as OpsFinding;
}

/** The server holds llama3.2:latest with this digest. */
function _serve(hex = digest('llama3.2')) {
  network.ollama.pulled = [{ name: 'llama3.2:latest', digest: hex }];
}

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('ops config validation (given)', () => {
  it('rejects a short digest and a probe slower than its interval with one line naming the field', () => {
    const short = opsInput({ models: [{ name: 'llama3.2:latest', digest: 'a80c4f17acd5', keepAlive: '30m' }] });
    expect(() => parseOpsConfig(short)).toThrow(/models\.0\.digest/);
    const slowProbe = opsInput({
      probes: [
        { name: 'liveness', endpoint: '/api/version', intervalSeconds: 1, timeoutMs: 5_000, failureThreshold: 3 },
      ],
    });
    expect(() => parseOpsConfig(slowProbe)).toThrow(/probes/);
  });
});
