// Proof-of-GPU cost: the prover's work for a production challenge (n = 1024, S sized for a GPU
// class, the memory phase sized from its VRAM) against the verifier's, measured here at production
// k. The verifier runs for real on openings that the GPU worker answers (S = 2 blocks here,
// k = 2062; a 4 MiB buffer walked with the production k, steps and hashes); the only parts of its
// work that grow with the class, the top Merkle trees over block and batch roots, are timed at the
// production sizes separately. The memory verifier's work does not depend on the buffer's size.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POG_N, POG_OPENINGS, POG_SEGMENT, type PogMemorySpec } from '../common/proof-of-gpu.js';
import { merkleRoot } from '../common/node/proof/proof-of-gpu-math.js';
import { blocksFor, challengeFlops, proofClass } from '../common/node/proof/classes.js';
import {
  memoryProverWork,
  memorySpec,
  memoryVerifierWork,
  SOFTWARE_MEMORY,
} from '../common/node/proof/memory-classes.js';
import { withGpuWorker } from '../main/cli/gpu-client.js';
import { loadOrCreateDeviceIdentity } from '../main/identity/device-identity.js';
import { workerBackend } from '../main/gpu/host/proof/prover-client.js';
import { runSelfCheck } from '../main/gpu/host/proof/self-check.js';

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
  const memory = memorySpec(cls.id);
  // Production k, steps and hashes on a buffer and walk this machine finishes in seconds.
  const memoryHere = memory && { ...memory, bytes: SOFTWARE_MEMORY.bytes, walkers: 256, batches: 16 };
  const measured = await withGpuWorker(async (client) => {
    const backend = workerBackend(client);
    // Warm the pipelines once so the measured round is the work, not the shader compiles.
    await runSelfCheck(identity, backend, { claimedClass: 'software', n, S: 1, k: 8, memory: { k: 1 } });
    return runSelfCheck(identity, backend, {
      claimedClass: 'software',
      n,
      S: HERE_S,
      k: POG_OPENINGS,
      ...(memoryHere ? { memory: { ...memoryHere, referenceMs: 60_000 } } : {}),
    });
  });
  if (!measured.verdict.accepted)
    throw new Error(`the honest round was rejected: ${measured.verdict.reason}`);
  const memoryCost =
    memory && memoryHere && measured.memory && memoryCosts(memory, memoryHere, measured.memory);

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
  const proverOps = flops + proverDigestOps + (memoryCost?.proverWork.ops ?? 0);
  const allVerifierOps = verifierOps + (memoryCost?.verifierWork.ops ?? 0);
  const allProverMsHere = proverMsHere + (memoryCost?.proverWork.msHere ?? 0);
  const allVerifierMs = verifierMs + (memoryCost?.verifierWork.ms ?? 0);
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
    // The memory phase alone, then both phases: prover and verifier work in weighted 32-bit ops.
    memory: memoryCost ?? null,
    total: {
      proverOps,
      verifierOps: allVerifierOps,
      ratio: {
        ops: Math.round(proverOps / allVerifierOps),
        msOnSameMachine: Math.round(allProverMsHere / allVerifierMs),
      },
    },
  };
}

/**
 * The memory phase at production size from a measured small round: work counted from the spec (the
 * measured round's compressions check the count), times extrapolated from this machine's rates.
 */
function memoryCosts(
  spec: PogMemorySpec,
  here: PogMemorySpec,
  measured: { fillMs: number; walkMs: number; verifierMs: number; compressions: number },
) {
  if (measured.compressions !== memoryVerifierWork(here))
    throw new Error(
      `the verifier counted ${measured.compressions} compressions, ${memoryVerifierWork(here)} expected`,
    );
  const prover = memoryProverWork(spec);
  const hereWork = memoryProverWork(here);
  const walkSteps = (s: PogMemorySpec) => s.walkers * s.batches * s.steps;
  const fillPerMs = hereWork.fill / measured.fillMs;
  const stepsPerMs = walkSteps(here) / measured.walkMs;
  const roots = Array.from({ length: spec.batches }, () => randomBytes(32));
  const start = performance.now();
  merkleRoot(roots);
  const topTreeMs = performance.now() - start;
  const verifierCompressions = memoryVerifierWork(spec);
  return {
    bytes: spec.bytes,
    hashes: spec.hashes,
    walkers: spec.walkers,
    batches: spec.batches,
    steps: spec.steps,
    k: spec.k,
    proverWork: {
      compressions: prover.compressions,
      randomReads: prover.reads,
      ops: prover.compressions * OPS_PER_COMPRESSION,
      referenceMsOnClass: Math.round(spec.referenceMs),
      msHere: Math.round(prover.fill / fillPerMs + walkSteps(spec) / stepsPerMs),
      measuredHere: {
        bytes: here.bytes,
        fillMs: Math.round(measured.fillMs),
        walkMs: Math.round(measured.walkMs),
        compressionsPerSecond: Math.round(fillPerMs * 1000),
        stepsPerSecond: Math.round(stepsPerMs * 1000),
      },
    },
    verifierWork: {
      compressions: verifierCompressions,
      ops: verifierCompressions * OPS_PER_COMPRESSION,
      ms: Number((measured.verifierMs + topTreeMs).toFixed(1)),
      topTreeMs: Number(topTreeMs.toFixed(1)),
    },
    ratio: {
      ops: Math.round(prover.compressions / verifierCompressions),
      msOnSameMachine: Math.round(
        (prover.fill / fillPerMs + walkSteps(spec) / stepsPerMs) / (measured.verifierMs + topTreeMs),
      ),
    },
  };
}
