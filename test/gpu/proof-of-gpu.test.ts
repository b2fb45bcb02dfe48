// The proof-of-GPU prover on the real adapter (lavapipe in CI) against the CPU reference, then
// whole rounds against the verifier: the honest prover is accepted, every cheat is rejected with a
// reason. The cheaters are the honest prover with a twist (a tamper hook or an altered answer).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/canonical-json.js';
import type { PogCommitment } from '../../common/proof-of-gpu.js';
import {
  digestKey,
  generateMatrix,
  leafDigest,
  matrixKey,
  merkleRoot,
  rootFromPath,
  seedBytes,
} from '../../common/node/proof/proof-of-gpu-math.js';
import type { Tamper } from '../../main/gpu/worker/proof/proof-run.js';
import { proveCommit, proveOpen } from '../../main/gpu/worker/proof/prover.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import { withGpuWorker } from '../../main/cli/gpu-client.js';
import { workerBackend, type ProverBackend } from '../../main/gpu/host/proof/prover-client.js';
import { runSelfCheck, type SelfCheckOptions } from '../../main/gpu/host/proof/self-check.js';
import { inProcessGpu } from './in-process-gpu.js';

const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'pog-')));
const SEED = 'a5'.repeat(32);

function backend(tamper?: Tamper): ProverBackend {
  const ctx = inProcessGpu();
  return {
    commit: (p) => proveCommit(ctx, p, { tamper }),
    open: (p, o) => proveOpen(ctx, p, o, { tamper }),
  };
}

/** CPU reference of block s's root: C = A_s B in doubles, every leaf through node:crypto. */
function referenceRoot(n: number, s: number): string {
  const seed = seedBytes(SEED);
  const a = generateMatrix(matrixKey(seed, 'A', s), n);
  const b = generateMatrix(matrixKey(seed, 'B', 0), n);
  const key = digestKey(seed);
  const leaves: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const x = a[i * n + j]!;
      for (let c = 0; c < n; c++) row[c] = row[c]! + x * b[j * n + c]!;
    }
    for (let J = 0; J < n / 64; J++) leaves.push(leafDigest(key, s, i, J, row.subarray(J * 64, J * 64 + 64)));
  }
  return merkleRoot(leaves).toString('hex');
}

describe('proof-of-GPU prover kernels', () => {
  it('computes the same block roots as the CPU reference (generation, matmul, SHA-256, tree)', async () => {
    const n = 128;
    const result = await proveCommit(inProcessGpu(), { seed: SEED, n, S: 3 });
    expect(result.blockRoots).toEqual([0, 1, 2].map((s) => referenceRoot(n, s)));
    expect(result.topRoot).toBe(
      merkleRoot(result.blockRoots.map((r) => Buffer.from(r, 'hex'))).toString('hex'),
    );
  });

  it('opens segments whose values and paths match the reference', async () => {
    const n = 128;
    const p = { seed: SEED, n, S: 2 };
    const [segment] = await proveOpen(inProcessGpu(), p, [{ block: 1, row: 77, col: 1 }]);
    const seed = seedBytes(SEED);
    const a = generateMatrix(matrixKey(seed, 'A', 1), n);
    const b = generateMatrix(matrixKey(seed, 'B', 0), n);
    const expected = Array.from({ length: 64 }, (_, c) => {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += a[77 * n + j]! * b[j * n + 64 + c]!;
      return sum;
    });
    expect(segment!.values).toEqual(expected);
    expect(segment!.path).toHaveLength(Math.log2((n * n) / 64));
  });
});

describe('proof-of-GPU prover batches (several blocks per pass)', () => {
  it('gives every block the root it gets alone, whatever the batch', async () => {
    const n = 128;
    const p = { seed: SEED, n, S: 7 };
    const alone = await proveCommit(inProcessGpu(), p, { maxBatch: 1 });
    const batched = await proveCommit(inProcessGpu(), p, { maxBatch: 4 });
    expect(alone.batch).toBe(1);
    // The prover grows its batches while submits stay short (a block here takes milliseconds).
    expect(batched.batch).toBeGreaterThan(1);
    expect(batched.blockRoots).toEqual(alone.blockRoots);
    expect(batched.blockRoots.slice(5)).toEqual([5, 6].map((s) => referenceRoot(n, s)));
  });

  it('opens segments of blocks batched together, out of order, with paths to the committed roots', async () => {
    const n = 128;
    const p = { seed: SEED, n, S: 6 };
    const { blockRoots } = await proveCommit(inProcessGpu(), p);
    const openings = [5, 0, 3, 5, 2].map((block, i) => ({ block, row: 31 * i + 3, col: i % 2 }));
    const segments = await proveOpen(inProcessGpu(), p, openings, { maxBatch: 3 });
    const seed = seedBytes(SEED);
    const b = generateMatrix(matrixKey(seed, 'B', 0), n);
    segments.forEach((seg, i) => {
      const o = openings[i]!;
      expect(seg).toMatchObject(o);
      const a = generateMatrix(matrixKey(seed, 'A', o.block), n);
      const expected = Array.from({ length: 64 }, (_, c) => {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += a[o.row * n + j]! * b[j * n + 64 * o.col + c]!;
        return sum;
      });
      expect(seg.values).toEqual(expected);
      const leaf = leafDigest(digestKey(seed), o.block, o.row, o.col, Float64Array.from(expected));
      const path = seg.path.map((h) => Buffer.from(h, 'hex'));
      const root = rootFromPath(leaf, o.row * (n / 64) + o.col, path);
      expect(root.toString('hex')).toBe(blockRoots[o.block]);
    });
  });
});

/** Production n, a small S and k: a round takes seconds on lavapipe. */
const ROUND: SelfCheckOptions = { claimedClass: 'software', n: 1024, S: 2, k: 48 };

describe('proof-of-GPU rounds on n = 1024', () => {
  it('accepts an honest prover and records its throughput and class', async () => {
    const r = await runSelfCheck(identity, backend(), ROUND);
    expect(r.verdict).toMatchObject({ accepted: true, reason: 'ok' });
    expect(r.verdict.measuredGflops).toBeGreaterThan(0);
    expect(r.verdict.provenClass).toBe(r.verdict.measuredGflops >= 1 ? 'software' : null);
  });

  it('runs through the worker process tasks (prove-commit, prove-open) with progress', async () => {
    const labels: string[] = [];
    const r = await withGpuWorker((client) =>
      runSelfCheck(
        identity,
        workerBackend(client, (_, label) => labels.push(label)),
        ROUND,
      ),
    );
    expect(r.verdict).toMatchObject({ accepted: true, reason: 'ok' });
    expect(labels).toContain('proof of GPU: block 2 of 2');
    expect(labels.at(-1)).toMatch(/^proof of GPU: opened 48 of 48$/);
  });

  it('rejects a prover that skips work (a quarter of the rows of C left zero)', async () => {
    const skip: Tamper = (encoder, c) => encoder.clearBuffer(c.buffer, c.offset, c.size / 4);
    const r = await runSelfCheck(identity, backend(skip), { ...ROUND, k: 64 });
    expect(r.verdict.accepted).toBe(false);
    expect(r.verdict.reason).toMatch(/wrong result in block \d, row \d+/);
  });

  it('rejects garbage results with honest-looking digests (digested on the GPU, consistent paths)', async () => {
    const { device } = await inProcessGpu().acquire();
    const junk = Float32Array.from({ length: 1024 * 1024 }, (_, i) => (i * 7919) % 230_401);
    const garbage = device.createBuffer({
      label: 'test:garbage-c',
      size: junk.byteLength,
      usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(garbage, 0, junk);
    const fake: Tamper = (encoder, c) => encoder.copyBufferToBuffer(garbage, 0, c.buffer, c.offset, c.size);
    const r = await runSelfCheck(identity, backend(fake), ROUND);
    garbage.destroy();
    expect(r.verdict.accepted).toBe(false);
    expect(r.verdict.reason).toMatch(/^wrong result in block/);
  });

  it('rejects a replayed answer to an earlier challenge', async () => {
    let old: PogCommitment | undefined;
    const first = await runSelfCheck(identity, backend(), { ...ROUND, alterCommitment: (c) => (old = c) });
    expect(first.verdict.accepted).toBe(true);
    const r = await runSelfCheck(identity, backend(), { ...ROUND, alterCommitment: () => old! });
    expect(r.verdict).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/another challenge \(a replayed/),
    });
  });

  it('rejects work done on a seed the prover chose itself', async () => {
    // The digest key derives from the seed too, so the very first opening's leaf no longer hashes to
    // the committed root.
    const r = await runSelfCheck(identity, backend(), { ...ROUND, proverSeed: '3c'.repeat(32) });
    expect(r.verdict).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^opening 0 .* does not match the commitment/),
    });
  });

  it('rejects a commitment signed by another key', async () => {
    const other = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'pog-other-')));
    const resign = (c: PogCommitment): PogCommitment => ({
      body: c.body,
      signature: Buffer.from(other.sign(canonicalJson(c.body))).toString('hex'),
    });
    const r = await runSelfCheck(identity, backend(), { ...ROUND, alterCommitment: resign });
    expect(r.verdict).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/not signed by this device's key/),
    });
  });

  it('rejects a slow device claiming a faster class, with a reason the owner can act on', async () => {
    // The same work against a tiny reference: lavapipe cannot be an RTX 4090.
    const r = await runSelfCheck(identity, backend(), {
      ...ROUND,
      claimedClass: 'rtx-4090',
      referenceMs: 1,
      allowanceMs: 0,
    });
    expect(r.verdict.accepted).toBe(false);
    expect(r.verdict.reason).toMatch(
      /^timed out after \d+\.\d s \(expected <= 0\.0 s\): .* rtx-4090 .*another program/,
    );
    expect(r.verdict.provenClass).toBeNull();
  });
});
