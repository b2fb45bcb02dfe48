// `io-provider prove --self-check [--json] [--quick]`: one full proof-of-GPU round against the
// built-in verifier, compute phase then memory phase. The device claims the class its adapter name
// matches in the catalog (or 'software'); the verdict says which class it proved, from the measured
// time alone, and how much memory it held. The memory ask is capped at what the adapter's WebGPU
// limits let one walk bind; the verdict's memoryBytes says what was proved.
import { adapterName } from '../../common/gpu-adapter.js';
import { matchKnownGpu } from '../../common/gpu-catalog.js';
import { POG_N } from '../../common/proof-of-gpu.js';
import { memoryCapacityBytes } from '../../common/node/proof/proof-of-gpu-memory.js';
import { loadOrCreateDeviceIdentity } from '../identity/device-identity.js';
import { workerBackend } from '../gpu/host/proof/prover-client.js';
import { runSelfCheck } from '../gpu/host/proof/self-check.js';
import { formatBytes } from '../../common/format.js';
import { defaultDataDir } from '../store/data-dir.js';
import { reportCommandError, withGpuWorker } from './gpu-client.js';
import { createProgress } from './progress.js';

export interface ProveOptions {
  selfCheck?: boolean;
  json?: boolean;
  /** Two blocks and 64 openings: a smoke test, not a proof (a 1 % cheater would pass often). */
  quick?: boolean;
  data?: string;
}

export async function proveCommand(options: ProveOptions): Promise<void> {
  if (!options.selfCheck) {
    process.stderr.write(
      'io-provider prove: only --self-check exists yet (proving to a network comes with it).\n',
    );
    process.exitCode = 2;
    return;
  }
  const progress = createProgress();
  try {
    const identity = loadOrCreateDeviceIdentity(options.data ?? defaultDataDir());
    const result = await withGpuWorker(async (client) => {
      const report = await client.call('adapter-info', {});
      const claimedClass = report.isSoftware
        ? 'software'
        : (matchKnownGpu(adapterName(report))?.id ?? 'software');
      const backend = workerBackend(client, (fraction, label) => progress.update(label, fraction));
      const quick = options.quick ? { S: 2, k: 64 } : {};
      const memory = { capBytes: memoryCapacityBytes(report.limits) };
      return {
        claimedClass,
        ...(await runSelfCheck(identity, backend, { claimedClass, n: POG_N, ...quick, memory })),
      };
    });
    progress.done();
    const { verdict, challenge } = result;
    const summary = {
      accepted: verdict.accepted,
      n: challenge.n,
      S: challenge.S,
      k: challenge.k,
      proverMs: Math.round(result.proverMs),
      verifierMs: Math.round(result.verifierMs),
      gflops: Number(verdict.measuredGflops.toFixed(2)),
      claimedClass: result.claimedClass,
      provenClass: verdict.provenClass,
      reason: verdict.reason,
      // The memory phase: the buffer asked for, the prover's fill time, the walk on the verifier's
      // clock and the verifier's CPU time (null where it did not run: no VRAM class, or compute failed).
      memoryBytes: result.memory?.bytes ?? null,
      memoryProvenBytes: verdict.memoryBytes ?? null,
      memoryFillMs: result.memory ? Math.round(result.memory.fillMs) : null,
      memoryMs: result.memory ? Math.round(result.memory.walkMs) : null,
      memoryVerifierMs: result.memory ? Math.round(result.memory.verifierMs) : null,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      process.stdout.write(
        `${verdict.accepted ? 'Accepted' : 'Rejected'}: ${verdict.reason}\n` +
          `  ${summary.S} blocks of ${summary.n}x${summary.n} in ${summary.proverMs} ms (${summary.gflops} GFLOPS), ` +
          `${summary.k} openings checked in ${summary.verifierMs} ms\n` +
          `  claimed ${summary.claimedClass}, proved ${summary.provenClass ?? 'no class'}\n` +
          (result.memory
            ? `  memory: ${formatBytes(result.memory.bytes)} filled in ${summary.memoryFillMs} ms, walked in ` +
              `${summary.memoryMs} ms, checked in ${summary.memoryVerifierMs} ms\n`
            : ''),
      );
    }
    if (!verdict.accepted) process.exitCode = 1;
  } catch (error) {
    progress.done();
    reportCommandError(error);
  }
}
