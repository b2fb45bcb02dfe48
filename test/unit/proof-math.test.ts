// The proof-of-GPU functions the shaders mirror: entries in range and unbiased, keys that separate
// matrices and seeds, leaf digests bound to their position, Merkle paths that verify only in place.
import { describe, expect, it } from 'vitest';
import {
  digestKey,
  leafDigest,
  matrixEntry,
  matrixKey,
  merkleRoot,
  mix32,
  nodeDigest,
  rootFromPath,
  seedBytes,
} from '../../common/node/proof/proof-of-gpu-math.js';

const seed = seedBytes('07'.repeat(32));

describe('proof-of-GPU math', () => {
  it('mixes as lowbias32 does (known values)', () => {
    expect(mix32(0)).toBe(0);
    // Computed by hand from the published constants: x ^= x >> 16; x *= 0x7feb352d; ...
    let x = 1;
    x ^= x >>> 16;
    x = Math.imul(x, 0x7feb352d) >>> 0;
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b) >>> 0;
    x ^= x >>> 16;
    expect(mix32(1)).toBe(x >>> 0);
  });

  it('generates entries 0..15, each about 1/16 of the time', () => {
    const key = matrixKey(seed, 'A', 0);
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 160_000; i++) counts[matrixEntry(key, i)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('derives different keys per matrix, block and seed', () => {
    const keys = [
      matrixKey(seed, 'A', 0),
      matrixKey(seed, 'A', 1),
      matrixKey(seed, 'B', 0),
      matrixKey(seedBytes('08'.repeat(32)), 'A', 0),
    ].map((k) => Array.from(k).join(','));
    expect(new Set(keys).size).toBe(4);
  });

  it('binds a leaf digest to its block, row, column and key', () => {
    const values = Array.from({ length: 64 }, (_, i) => i * 3);
    const key = digestKey(seed);
    const base = leafDigest(key, 1, 2, 3, values).toString('hex');
    const others = [
      leafDigest(key, 2, 2, 3, values),
      leafDigest(key, 1, 3, 3, values),
      leafDigest(key, 1, 2, 4, values),
      leafDigest(digestKey(seedBytes('09'.repeat(32))), 1, 2, 3, values),
    ].map((d) => d.toString('hex'));
    expect(others).not.toContain(base);
  });

  it('verifies a Merkle path at its own index only', () => {
    const leaves = Array.from({ length: 8 }, (_, i) => nodeDigest(Buffer.alloc(32, i), Buffer.alloc(32)));
    const root = merkleRoot(leaves);
    const path = [leaves[4]!, nodeDigest(leaves[6]!, leaves[7]!), merkleRoot(leaves.slice(0, 4))];
    expect(rootFromPath(leaves[5]!, 5, path).equals(root)).toBe(true);
    expect(rootFromPath(leaves[5]!, 4, path).equals(root)).toBe(false);
  });
});
