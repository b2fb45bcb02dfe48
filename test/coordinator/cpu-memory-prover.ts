// The proof-of-GPU memory phase's prover on the CPU (common/node/proof/proof-of-gpu-memory.ts, the shaders'
// bit-exact reference), for small buffers: the coordinator and verifier tests answer walks honestly
// or as a device that holds only part of its buffer, without a GPU. At the 'software' class's 4 MiB
// it takes a few seconds (the fill is 4.2e6 SHA-256 compressions in JavaScript).
import type { PogChallenge, PogMemoryTrace, PogMemoryWalk } from '../../common/proof-of-gpu.js';
import { merkleRoot, nodeDigest, seedBytes, wordsOf } from '../../common/node/proof/proof-of-gpu-math.js';
import {
  memoryItem,
  memoryKey,
  sha256Compress,
  stateBytes,
  stateHex,
  stepIndices,
  walkStart,
  walkTrace,
} from '../../common/node/proof/proof-of-gpu-memory.js';

/**
 * The buffer of a challenge's memory phase. `held` < items plays a device that holds only the first
 * `held` items and reads item g % held in place of a missing one (wrong, and fast).
 */
export function cpuMemoryBuffer(challenge: Pick<PogChallenge, 'seed' | 'memory'>, held = Infinity) {
  const m = challenge.memory!;
  const items = m.bytes / 32;
  const key = memoryKey(seedBytes(challenge.seed));
  const table = Array.from({ length: Math.min(items, held) }, (_, g) => memoryItem(key, g, m.hashes));
  return { items, table, lookup: (g: number) => table[g % table.length]! };
}

/** Item indices as exact 64-bit fractions, without BigInt: exact while items <= 2^20 (A, B < 2^52). */
function indices(state: Uint32Array, items: number): [number, number] {
  if (items > 2 ** 20) return stepIndices(state, items);
  const scaled = (hi: number, lo: number) =>
    Math.floor((hi * items + Math.floor((lo * items) / 2 ** 32)) / 2 ** 32);
  return [scaled(state[0]!, state[1]!), scaled(state[2]!, state[3]!)];
}

/** The walk over a held buffer: each batch's Merkle tree over its walkers' final states, and openings. */
export function cpuMemoryWalk(
  challenge: Pick<PogChallenge, 'memory'>,
  buffer: ReturnType<typeof cpuMemoryBuffer>,
  walk: PogMemoryWalk,
) {
  const m = challenge.memory!;
  const seed = wordsOf(Buffer.from(walk.walkSeed, 'hex'));
  const block = new Uint32Array(16);
  const finalState = (batch: number, walker: number) => {
    const state = walkStart(seed, batch, walker);
    for (let t = 0; t < m.steps; t++) {
      const [g1, g2] = indices(state, buffer.items);
      block.set(buffer.lookup(g1));
      block.set(buffer.lookup(g2), 8);
      sha256Compress(state, block);
    }
    return stateBytes(state);
  };
  const levels = Array.from({ length: m.batches }, (_, b) => {
    const all = [Array.from({ length: m.walkers }, (_, j) => finalState(b, j))];
    while (all.at(-1)!.length > 1) {
      const below = all.at(-1)!;
      all.push(
        Array.from({ length: below.length / 2 }, (_, i) => nodeDigest(below[2 * i]!, below[2 * i + 1]!)),
      );
    }
    return all;
  });
  const roots = levels.map((l) => l.at(-1)![0]!);
  return {
    roots: {
      topRoot: merkleRoot(roots).toString('hex'),
      batchRoots: roots.map((r) => r.toString('hex')),
      proverMs: 1,
    },
    open: (o: { batch: number; walker: number }): PogMemoryTrace => ({
      ...o,
      states: walkTrace({ items: buffer.items, ...m }, walkStart(seed, o.batch, o.walker), buffer.lookup).map(
        stateHex,
      ),
      path: levels[o.batch]!.slice(0, -1).map((level, d) => level[(o.walker >> d) ^ 1]!.toString('hex')),
    }),
  };
}
