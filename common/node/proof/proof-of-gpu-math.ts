// The proof-of-GPU functions the prover's shaders compute, in TypeScript: the verifier's reference
// and the tests' oracle. shaders/pog-generate.wgsl and shaders/pog-digest.wgsl must agree bit for bit.
// Node only (node:crypto): imported by the GPU worker, the main process and the coordinator.
import { createHash } from 'node:crypto';
import { POG_SEGMENT } from '../../proof-of-gpu.js';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

function u32be(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

/** Big-endian 32-bit words of a byte string: SHA-256's own word order, what the shaders take. */
export function wordsOf(bytes: Uint8Array): Uint32Array {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Uint32Array.from({ length: bytes.length >> 2 }, (_, i) => view.readUInt32BE(4 * i));
}

export function seedBytes(seedHex: string): Buffer {
  return Buffer.from(seedHex, 'hex');
}

/**
 * Key of one generated matrix: B is 'B'/0, block s of A is 'A'/s. Derived with SHA-256 so that no
 * matrix is known before the seed is, and blocks are unrelated to each other.
 */
export function matrixKey(seed: Uint8Array, which: 'A' | 'B', block: number): Uint32Array {
  return wordsOf(sha256(Buffer.from(`io-pog/matrix/${which}`), u32be(block), seed).subarray(0, 16));
}

/** Key prepended to every leaf: digests cannot be precomputed before the seed is known. */
export function digestKey(seed: Uint8Array): Uint32Array {
  return wordsOf(sha256(Buffer.from('io-pog/digest-key'), seed));
}

/** lowbias32 (Chris Wellons' hash-prospector): a full-avalanche 32-bit mix, cheap in WGSL. */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Entry `index` (= row * n + col) of the matrix with this key: an integer 0..15. */
export function matrixEntry(key: Uint32Array, index: number): number {
  let h = mix32(index ^ key[0]!);
  h = mix32(h ^ key[1]!);
  h = mix32(h ^ key[2]!);
  h = mix32(h ^ key[3]!);
  return h >>> 28;
}

/** One row of a generated n x n matrix. */
export function matrixRow(key: Uint32Array, row: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) out[c] = matrixEntry(key, row * n + c);
  return out;
}

/** A whole generated matrix, row-major (for the verifier's B and for tests). */
export function generateMatrix(key: Uint32Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) out[i] = matrixEntry(key, i);
  return out;
}

/**
 * Leaf digest of segment (block, row, col) of C: SHA-256(key || block || row || col || 0 || values),
 * every number a big-endian u32: 32 + 16 + 256 = 304 bytes, five SHA-256 blocks with the padding.
 */
export function leafDigest(
  key: Uint32Array,
  block: number,
  row: number,
  col: number,
  values: ArrayLike<number>,
): Buffer {
  if (values.length !== POG_SEGMENT) throw new Error(`a segment has ${POG_SEGMENT} values`);
  return sha256(u32be(...key), u32be(block, row, col, 0), u32be(...Array.from(values)));
}

/** Inner Merkle node: SHA-256(left || right) (64 bytes; a leaf hashes 304, so the two never meet). */
export function nodeDigest(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(left, right);
}

/** Root over a power-of-two number of leaves (the top tree pads with zero digests). */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  let level: Buffer[] = leaves.map((l) => Buffer.from(l));
  let width = 1;
  while (width < level.length) width *= 2;
  while (level.length < width) level.push(Buffer.alloc(32));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeDigest(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/** Root reached from a leaf at `index` with its sibling path (bottom first). */
export function rootFromPath(leaf: Uint8Array, index: number, path: readonly Uint8Array[]): Buffer {
  let node: Buffer = Buffer.from(leaf);
  let i = index;
  for (const sibling of path) {
    node = i % 2 === 0 ? nodeDigest(node, sibling) : nodeDigest(sibling, node);
    i = Math.floor(i / 2);
  }
  return node;
}
