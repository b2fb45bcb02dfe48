// The proof-of-GPU memory phase in TypeScript: the buffer's items, the walk over them, and the
// SHA-256 compression both are built from. The verifier's reference and the tests' oracle;
// shaders/pog-memory.wgsl must agree bit for bit. See docs/proof-of-gpu.md, "Memory phase".
//
// Item g (32 bytes) of the buffer: v_1 = SHA-256(key || g), v_t = SHA-256(v_{t-1}), item = v_w. Every
// item stands alone (no item helps compute another) and its chain is strictly sequential, so a
// device that does not hold an item pays w compressions to produce it, and any intermediate v_t is
// as large as the item: storing it instead saves no memory.
// Walker (batch b, walker j) of a walk with seed r: a_0 = SHA-256(r || b || j); each step reads the
// two items chosen by a_t and absorbs them, a_{t+1} = compress(a_t, item[g1] || item[g2]).
import { createHash } from 'node:crypto';
import { wordsOf } from './proof-of-gpu-math.js';

export const ITEM_BYTES = 32;
/** Storage buffers the `trace` pass binds besides the chunks (trace_out, trace_list). */
const OTHER_STORAGE = 2;

export interface StorageLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxStorageBuffersPerShaderStage: number;
}

/**
 * How the buffer splits into chunk buffers on a WebGPU device: each within one binding, and all
 * bound at once (the walk picks its items from the whole buffer at every step), so a device holds
 * at most (storage buffers per stage - 2) x binding size; `perChunk` overrides (tests).
 */
export function memoryLayout(limits: StorageLimits, items: number, perChunk?: number) {
  const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const size = perChunk ?? Math.floor(binding / ITEM_BYTES / 64) * 64;
  const maxChunks = limits.maxStorageBuffersPerShaderStage - OTHER_STORAGE;
  return { perChunk: size, chunks: Math.min(maxChunks, Math.ceil(items / size)), maxChunks };
}

/**
 * The largest buffer a device with these limits (an adapter report's) can hold for the walk; a
 * missing limit counts as WebGPU's guaranteed minimum.
 */
export function memoryCapacityBytes(limits: Readonly<Record<string, number>>): number {
  const { perChunk, maxChunks } = memoryLayout(
    {
      maxBufferSize: limits.maxBufferSize ?? 256 << 20,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize ?? 128 << 20,
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage ?? 8,
    },
    1,
  );
  return perChunk * maxChunks * ITEM_BYTES;
}

export const SHA256_IV = Uint32Array.of(
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
);

// prettier-ignore
const K = Uint32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

const schedule = new Uint32Array(64);
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/**
 * One SHA-256 compression of a 16-word block into `state`, in place (FIPS 180-4 6.2.2 with the
 * feed-forward). node:crypto cannot expose it: the walk uses the compression function itself as its
 * step, one block per step instead of two for a padded hash.
 */
export function sha256Compress(state: Uint32Array, block: ArrayLike<number>): void {
  const m = schedule;
  for (let i = 0; i < 16; i++) m[i] = block[i]!;
  for (let i = 16; i < 64; i++) {
    const a = m[i - 15]!;
    const b = m[i - 2]!;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    m[i] = m[i - 16]! + s0 + m[i - 7]! + s1;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + m[i]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = state[0]! + a;
  state[1] = state[1]! + b;
  state[2] = state[2]! + c;
  state[3] = state[3]! + d;
  state[4] = state[4]! + e;
  state[5] = state[5]! + f;
  state[6] = state[6]! + g;
  state[7] = state[7]! + h;
}

/** SHA-256 of a message of at most 55 bytes given as big-endian words: one padded block. */
export function sha256Short(words: ArrayLike<number>): Uint32Array {
  const block = new Uint32Array(16);
  block.set(Array.from(words));
  block[words.length] = 0x80000000;
  block[15] = words.length * 32;
  const state = SHA256_IV.slice();
  sha256Compress(state, block);
  return state;
}

/** Key of the buffer: no item can be computed before the challenge's seed is known. */
export function memoryKey(seed: Uint8Array): Uint32Array {
  return wordsOf(createHash('sha256').update('io-pog/memory-key').update(seed).digest());
}

/** Item g of the buffer: `hashes` chained SHA-256 calls (one compression each). */
export function memoryItem(key: Uint32Array, g: number, hashes: number): Uint32Array {
  // The verifier computes k x steps x 2 items: one block reused, no allocation per hash.
  const block = new Uint32Array(16);
  block.set(key);
  block[8] = g;
  block[9] = 0x80000000;
  block[15] = 9 * 32;
  const v = SHA256_IV.slice();
  sha256Compress(v, block);
  block.fill(0, 9);
  block[8] = 0x80000000;
  block[15] = 8 * 32;
  for (let t = 1; t < hashes; t++) {
    block.set(v);
    v.set(SHA256_IV);
    sha256Compress(v, block);
  }
  return v;
}

/** A walker's first state: SHA-256(walk seed || batch || walker). */
export function walkStart(walkSeed: Uint32Array, batch: number, walker: number): Uint32Array {
  return sha256Short([...walkSeed, batch, walker]);
}

/**
 * floor((hi * 2^32 + lo) * n / 2^64): a 64-bit fraction of n, so every item index is drawn with
 * probability within 2^-32 of 1/n (a plain `mod n` would favour some items by up to 2x).
 */
export function scaledIndex(hi: number, lo: number, n: number): number {
  return Number((((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)) * BigInt(n)) >> 64n);
}

/** The two items step t reads: chosen by the state before the step. */
export function stepIndices(state: ArrayLike<number>, items: number): [number, number] {
  return [scaledIndex(state[0]!, state[1]!, items), scaledIndex(state[2]!, state[3]!, items)];
}

/** One walk step: absorbs the two items into a copy of `state`. */
export function walkStep(
  state: Uint32Array,
  first: ArrayLike<number>,
  second: ArrayLike<number>,
): Uint32Array {
  const next = state.slice();
  sha256Compress(next, [...Array.from(first), ...Array.from(second)]);
  return next;
}

export interface WalkShape {
  /** Buffer items (32 bytes each). */
  items: number;
  hashes: number;
  steps: number;
}

/** A walker's states a_0 .. a_steps, with items from `lookup` (the buffer, or a recomputation). */
export function walkTrace(
  shape: WalkShape,
  start: Uint32Array,
  lookup: (g: number) => ArrayLike<number>,
): Uint32Array[] {
  const states = [start];
  for (let t = 0; t < shape.steps; t++) {
    const state = states[t]!;
    const [g1, g2] = stepIndices(state, shape.items);
    states.push(walkStep(state, lookup(g1), lookup(g2)));
  }
  return states;
}

/** A state as the 32 bytes the Merkle tree hashes (big-endian words, as a SHA-256 digest). */
export function stateBytes(state: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) b.writeUInt32BE(state[i]! >>> 0, 4 * i);
  return b;
}

export function stateHex(state: ArrayLike<number>): string {
  return stateBytes(state).toString('hex');
}

export function stateFromHex(hex: string): Uint32Array {
  return wordsOf(Buffer.from(hex, 'hex'));
}
