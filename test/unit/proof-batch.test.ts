// The prover's batch rule and tree plan (main/gpu/worker/proof/proof-batch.ts): how many blocks a
// pass covers on each kind of adapter, and that the tree passes build every level exactly once.
import { describe, expect, it } from 'vitest';
import {
  BATCH_BUDGET_BYTES,
  maxBatchFor,
  slotBytes,
  treePasses,
} from '../../main/gpu/worker/proof/proof-batch.js';

const DAWN_DEFAULTS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 };
const BIG_GPU = { maxStorageBufferBindingSize: 2 ** 32 - 4, maxBufferSize: 2 ** 40 };

describe('proof-of-GPU batch size', () => {
  it('batches 32 blocks of n = 1024 on a discrete GPU, 1 on a CPU adapter, never more than S', () => {
    expect(slotBytes(1024)).toBe(9 * 2 ** 20);
    expect(maxBatchFor(1024, 27259, BIG_GPU, false)).toBe(32);
    expect(maxBatchFor(1024, 27259, DAWN_DEFAULTS, false)).toBe(32);
    expect(maxBatchFor(1024, 27259, BIG_GPU, true)).toBe(1);
    expect(maxBatchFor(1024, 3, BIG_GPU, false)).toBe(3);
  });

  it('keeps each matrix stack within one binding and the batch within its budget', () => {
    expect(
      maxBatchFor(1024, 100, { maxStorageBufferBindingSize: 16 * 2 ** 20, maxBufferSize: 2 ** 30 }, false),
    ).toBe(4);
    expect(maxBatchFor(4096, 100, BIG_GPU, false)).toBe(Math.floor(BATCH_BUDGET_BYTES / slotBytes(4096)));
    expect(maxBatchFor(4096, 100, DAWN_DEFAULTS, false)).toBe(2);
    expect(
      maxBatchFor(4096, 100, { ...DAWN_DEFAULTS, maxStorageBufferBindingSize: 64 * 2 ** 20 }, false),
    ).toBe(1);
  });
});

describe('proof-of-GPU tree passes', () => {
  it('builds the 14 levels of an n = 1024 block in two passes', () => {
    expect(treePasses(16384)).toEqual([
      { first: 8192, depth: 9, workgroupsPerBlock: 32 },
      { first: 16, depth: 5, workgroupsPerBlock: 1 },
    ]);
  });

  it('covers every level from the leaves up to the root once, for every size', () => {
    for (let leaves = 2; leaves <= 2 ** 20; leaves *= 2) {
      const levels = treePasses(leaves).flatMap((p) =>
        Array.from({ length: p.depth }, (_, t) => p.first / 2 ** t),
      );
      expect(levels).toEqual(Array.from({ length: Math.log2(leaves) }, (_, d) => leaves / 2 ** (d + 1)));
      for (const p of treePasses(leaves)) expect(2 ** (p.depth - 1)).toBeLessThanOrEqual(256);
    }
  });
});
