// The proof-of-GPU memory phase on the real adapter (lavapipe in CI): the fill and the walk against
// the CPU reference, then whole rounds against the verifier. The honest prover is accepted; a
// prover holding half the buffer it claims is rejected whether it answers wrong (fast) or
// recomputes (slow), and so are a device that cannot hold the buffer and tampered openings.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { merkleRoot, nodeDigest, seedBytes, wordsOf } from '../../common/node/proof/proof-of-gpu-math.js';
import {
  memoryItem,
  memoryKey,
  stateBytes,
  stateHex,
  walkStart,
  walkTrace,
} from '../../common/node/proof/proof-of-gpu-memory.js';
import {
  proveMemoryFill,
  proveMemoryOpen,
  proveMemoryWalk,
  releaseMemory,
} from '../../main/gpu/worker/proof/memory-prover.js';
import type { MemoryCheat } from '../../main/gpu/worker/proof/memory-run.js';
import { proveCommit, proveOpen } from '../../main/gpu/worker/proof/prover.js';
import { withGpuWorker } from '../../main/cli/gpu-client.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import { workerBackend, type ProverBackend } from '../../main/gpu/host/proof/prover-client.js';
import { runSelfCheck, type SelfCheckOptions } from '../../main/gpu/host/proof/self-check.js';
import { inProcessGpu } from './in-process-gpu.js';

const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'pog-memory-')));

function backend(cheat?: MemoryCheat): ProverBackend {
  const ctx = inProcessGpu();
  return {
    commit: (p) => proveCommit(ctx, p),
    open: (p, o) => proveOpen(ctx, p, o),
    memory: {
      fill: (p) => proveMemoryFill(ctx, p, cheat),
      walk: (p) => proveMemoryWalk(ctx, p),
      open: (p, o) => proveMemoryOpen(ctx, p, o),
      release: () => releaseMemory(ctx),
    },
  };
}

describe('proof-of-GPU memory kernels', () => {
  it('fill, walk roots and traces match the CPU reference across three chunk buffers', async () => {
    const shape = { seed: 'a5'.repeat(32), bytes: 4096 * 32, hashes: 8, perChunk: 1500 };
    const walk = { ...shape, walkSeed: '3c'.repeat(32), walkers: 64, batches: 3, steps: 16 };
    const ctx = inProcessGpu();
    expect(await proveMemoryFill(ctx, shape)).toMatchObject({ heldBytes: shape.bytes });
    const result = await proveMemoryWalk(ctx, walk);

    const key = memoryKey(seedBytes(shape.seed));
    const items = Array.from({ length: 4096 }, (_, g) => memoryItem(key, g, shape.hashes));
    const seed = wordsOf(Buffer.from(walk.walkSeed, 'hex'));
    const traceOf = (batch: number, walker: number) =>
      walkTrace({ items: 4096, ...walk }, walkStart(seed, batch, walker), (g) => items[g]!);
    const roots = [0, 1, 2].map((b) =>
      merkleRoot(Array.from({ length: walk.walkers }, (_, j) => stateBytes(traceOf(b, j).at(-1)!))),
    );
    expect(result.batchRoots).toEqual(roots.map((r) => r.toString('hex')));
    expect(result.topRoot).toBe(merkleRoot(roots).toString('hex'));

    const [trace] = await proveMemoryOpen(ctx, walk, [{ batch: 2, walker: 45 }]);
    expect(trace!.states).toEqual(traceOf(2, 45).map(stateHex));
    let node = stateBytes(traceOf(2, 45).at(-1)!);
    let index = 45;
    for (const sibling of trace!.path.map((p) => Buffer.from(p, 'hex'))) {
      node = index % 2 === 0 ? nodeDigest(node, sibling) : nodeDigest(sibling, node);
      index >>= 1;
    }
    expect(node.equals(roots[2]!)).toBe(true);
  });
});

/** A small compute phase; the memory phase at the 'software' class's size (4 MiB). */
const ROUND: SelfCheckOptions = { claimedClass: 'software', n: 256, S: 1, k: 16, memory: {} };

describe('proof-of-GPU rounds with the memory phase', () => {
  it('accepts an honest prover and says how much memory it proved', async () => {
    const r = await runSelfCheck(identity, backend(), ROUND);
    expect(r.verdict).toMatchObject({ accepted: true, reason: 'ok', memoryBytes: 4 << 20 });
    expect(r.challenge.version).toBe(2);
    expect(r.memory!.walkMs).toBeLessThan(r.challenge.memory!.deadlineMs);
  });

  it('runs through the worker process tasks and releases the buffer', async () => {
    const labels: string[] = [];
    const r = await withGpuWorker(async (client) => {
      const result = await runSelfCheck(
        identity,
        workerBackend(client, (_, label) => labels.push(label)),
        ROUND,
      );
      const { bytes, hashes, walkers, batches, steps } = result.challenge.memory!;
      const walk = {
        seed: result.challenge.seed,
        bytes,
        hashes,
        walkers,
        batches,
        steps,
        walkSeed: '00'.repeat(32),
      };
      await expect(client.call('prove-memory-walk', walk)).rejects.toThrow(/no buffer is held/);
      return result;
    });
    expect(r.verdict).toMatchObject({ accepted: true, memoryBytes: 4 << 20 });
    expect(labels).toContain('proof of GPU: memory 100 % filled');
    expect(labels.at(-1)).toBe('proof of GPU: memory opened 64 of 64');
  });

  it('rejects a device holding half the buffer that answers the rest wrong, and estimates what it held', async () => {
    const r = await runSelfCheck(identity, backend({ heldFraction: 0.5, recompute: false }), ROUND);
    expect(r.verdict.accepted).toBe(false);
    const match =
      /^memory check failed: 64 of 64 re-walked walks read items that are not the buffer's \(\d+ of 4096 steps\): the device answered as if it held about ([\d.]+) MB of the 4\.2 MB claimed/.exec(
        r.verdict.reason,
      );
    expect(match, r.verdict.reason).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(1.6);
    expect(Number(match![1])).toBeLessThan(2.6);
  });

  it('rejects a device holding half the buffer that recomputes the rest: the walk misses its deadline', async () => {
    // The reference is this machine's own honest walk: a recomputing device needs ~20x as long.
    const batches = 12;
    const honest = await runSelfCheck(identity, backend(), { ...ROUND, memory: { batches } });
    expect(honest.verdict.accepted).toBe(true);
    const referenceMs = Math.max(50, honest.memory!.walkMs);
    const r = await runSelfCheck(identity, backend({ heldFraction: 0.5, recompute: true }), {
      ...ROUND,
      memory: { batches, referenceMs, allowanceMs: 0 },
    });
    expect(r.verdict.accepted).toBe(false);
    expect(r.verdict.reason).toMatch(
      /^memory check failed: the walk over the 4\.2 MB buffer took \d+\.\d s \(expected <= \d+\.\d s; .*recomputed items it did not hold/,
    );
  });

  it('rejects a device that cannot hold the buffer, saying how much it could', async () => {
    // lavapipe binds 14 chunks of 128 MiB at most: 1.9 GB of a 2.1 GB ask.
    const r = await runSelfCheck(identity, backend(), { ...ROUND, memory: { bytes: 2 ** 31 } });
    expect(r.verdict).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^memory check failed: 1\.9 GB free, 2\.1 GB claimed: /),
    });
  });

  it('rejects tampered openings: a changed state, a changed path', async () => {
    const state = await runSelfCheck(identity, backend(), {
      ...ROUND,
      alterTraces: (traces) =>
        traces.map((t, i) =>
          i === 5 ? { ...t, states: t.states.map((s, j) => (j === 9 ? 'ab'.repeat(32) : s)) } : t,
        ),
    });
    expect(state.verdict.reason).toMatch(
      /^memory check failed: 1 of 64 re-walked walks .*\(2 of 4096 steps\)/,
    );
    const path = await runSelfCheck(identity, backend(), {
      ...ROUND,
      alterTraces: (traces) => traces.map((t, i) => (i === 7 ? { ...t, path: [...t.path].reverse() } : t)),
    });
    expect(path.verdict.reason).toMatch(
      /^memory check failed: walk 7 \(batch \d+, walker \d+\) does not match/,
    );
  });
});
