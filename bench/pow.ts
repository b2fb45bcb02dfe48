// Proof-of-GPU cost: the prover's work for a production challenge (n = 1024, S sized for a GPU
// class) against the verifier's, measured here at production k. The verifier runs for real on
// openings that the GPU worker answers (S = 2 blocks here, k = 2062); the only part of its work that
// grows with S, the top Merkle tree over the block roots, is timed at the production S separately.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POG_N, POG_OPENINGS, POG_SEGMENT } from '../common/proof-of-gpu.js';
import { merkleRoot } from '../common/proof-of-gpu-math.js';
import { blocksFor, challengeFlops, proofClass } from '../coordinator/proof/classes.js';
import { withGpuWorker } from '../main/cli/gpu-client.js';
import { loadOrCreateDeviceIdentity } from '../main/identity/device-identity.js';
import { workerBackend } from '../main/proof/prover-client.js';
import { runSelfCheck } from '../main/proof/self-check.js';

export const description =
  'proof of GPU: prover vs verifier work at production sizes (ratio; --class rtx-4090)';

/** Rough 32-bit operation weights, to put hashes, multiply-adds and SHA-256 on one scale. */
const OPS_PER_ENTRY = 24; // four lowbias32 rounds of 6 operations
const OPS_PER_MAC = 2;
const OPS_PER_COMPRESSION = 2000; // 64 rounds of ~30 operations plus the schedule

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const at = args.indexOf('--class');
  const cls = proofClass(at >= 0 ? (args[at + 1] ?? 'rtx-4090') : 'rtx-4090');
  const n = POG_N;
  const S = blocksFor(cls, n);
  const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'bench-pog-')));
  const HERE_S = 2;
  const measured = await withGpuWorker(async (client) => {
    const backend = workerBackend(client);
    // Warm the pipelines once so the measured round is the work, not the shader compiles.
    await runSelfCheck(identity, backend, { claimedClass: 'software', n, S: 1, k: 8 });
    return runSelfCheck(identity, backend, { claimedClass: 'software', n, S: HERE_S, k: POG_OPENINGS });
  });
  if (!measured.verdict.accepted)
    throw new Error(`the honest round was rejected: ${measured.verdict.reason}`);

  const roots = Array.from({ length: S }, () => randomBytes(32));
  const start = performance.now();
  merkleRoot(roots);
  const topTreeMs = performance.now() - start;

  const depth = Math.log2((n * n) / POG_SEGMENT);
  // Per opening: the leaf (5 compressions) and its path (2 per level); the top tree: 2 per node.
  const compressions = POG_OPENINGS * (5 + 2 * depth) + 2 * S;
  const verifierOps =
    measured.ops.hashes * OPS_PER_ENTRY +
    measured.ops.macs * OPS_PER_MAC +
    compressions * OPS_PER_COMPRESSION;
  const verifierMs = measured.verifierMs + topTreeMs;

  const flops = challengeFlops(n, S);
  const proverDigestOps = S * ((n * n) / POG_SEGMENT) * (5 + 2) * OPS_PER_COMPRESSION;
  const proverMsHere = (measured.proverMs / HERE_S) * S;
  return {
    class: cls.id,
    n,
    S,
    k: POG_OPENINGS,
    proverWork: {
      flops,
      digestOps: proverDigestOps,
      referenceMsOnClass: Math.round(flops / (cls.gflops * 1e6)),
      // The same work on this machine's adapter, extrapolated from a measured 2-block round.
      msHere: Math.round(proverMsHere),
      measuredHere: {
        S: HERE_S,
        ms: Math.round(measured.proverMs),
        gflops: Number(measured.verdict.measuredGflops.toFixed(2)),
      },
    },
    verifierWork: {
      ops: verifierOps,
      entries: measured.ops.hashes,
      macs: measured.ops.macs,
      sha256Compressions: compressions,
      ms: Number(verifierMs.toFixed(1)),
      topTreeMs: Number(topTreeMs.toFixed(1)),
      commitmentBytes: 32 * S,
    },
    ratio: {
      ops: Math.round(flops / verifierOps),
      msOnSameMachine: Math.round(proverMsHere / verifierMs),
    },
  };
}
