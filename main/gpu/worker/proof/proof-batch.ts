// How many blocks one proof-of-GPU pass covers, and how a block's tree is cut into passes. On a big
// GPU each pass costs a launch and a barrier (microseconds) whatever its size, and one n = 1024 block
// is only ~2 GFLOP: passes per block, not FLOPs, bounded the prover (an H200 reached 0.8 ms per block
// where the matmul alone needs 0.25 ms). Batching G blocks per pass divides that cost by G and gives
// the matmul G times the workgroups (256 tiles of 64 x 64 cannot fill a 132-SM GPU).

/** Bytes one batch slot holds: A and C (4 n^2 each) and the block's tree (2 n^2 / 64 digests). */
export function slotBytes(n: number): number {
  return 4 * n * n + 4 * n * n + ((2 * n * n) / 64) * 32;
}

/**
 * The batch buffers' budget: 320 MiB is small next to any discrete GPU's memory (and freed before
 * the memory phase), and at n = 1024 (9 MiB a slot) it allows the cap below.
 */
export const BATCH_BUDGET_BYTES = 320 * 2 ** 20;
/**
 * 32 blocks of n = 1024 are 8192 matmul workgroups (62 waves on a 132-SM GPU, so the last wave's
 * tail costs little) and ~8 ms of an H200's work; more buys nothing and costs memory.
 */
export const MAX_BATCH = 32;
/**
 * A CPU adapter runs one block far longer than a pass costs, and loses cache locality between a
 * batch's passes: on lavapipe (n = 128, busy 2-core machine) G = 2 and 8 ran at 0.65x and 0.46x of
 * G = 1 blocks/s in one run (0.9-1.2x in another). So one block per pass there.
 */
export const MAX_BATCH_SOFTWARE = 1;

export interface BatchLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

/**
 * The most blocks one batch may hold: within the budget, each matrix stack within one binding and
 * one buffer, never more than the blocks to compute. The prover still starts each run at one block
 * and grows its batches while submits stay short (prover.ts), so a slow GPU never runs a long one.
 */
export function maxBatchFor(
  n: number,
  blocks: number,
  limits: BatchLimits,
  software: boolean,
  most = software ? MAX_BATCH_SOFTWARE : MAX_BATCH,
): number {
  const matrix = 4 * n * n;
  const cap = Math.min(
    most,
    Math.floor(BATCH_BUDGET_BYTES / slotBytes(n)),
    Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / matrix),
    blocks,
  );
  return Math.max(1, cap);
}

/** One tree pass: levels first, first / 2, .. first / 2^(depth - 1), 2^(depth - 1) nodes a workgroup. */
export interface TreePass {
  first: number;
  depth: number;
  workgroupsPerBlock: number;
}

/** Levels one workgroup of 256 invocations builds: 256 nodes, then 128, .. 1. */
const MAX_DEPTH = 9;

/** The passes that build every level of a tree over `leaves` leaves (a power of two). */
export function treePasses(leaves: number): TreePass[] {
  const passes: TreePass[] = [];
  for (let first = leaves / 2; first >= 1;) {
    const depth = Math.min(MAX_DEPTH, Math.log2(first) + 1);
    const width = 2 ** (depth - 1);
    passes.push({ first, depth, workgroupsPerBlock: first / width });
    first /= 2 ** depth;
  }
  return passes;
}
