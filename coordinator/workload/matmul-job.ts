// Matmul tiles the coordinator can check cheaply. A and B hold integers 0..15 drawn from a seed, so
// every f32 product and partial sum is an integer below 2^24 and any correct GPU returns the exact
// same bits; the coordinator regenerates A and B from the seed and checks C with Freivalds
// (C r == A (B r) for random r) in O(n^2) instead of redoing the O(n^3) product.
// Entries travel packed four to a u32 (one byte each): a quarter of the f32 size, same values.
import { randomInt } from 'node:crypto';
import type { JobSpecInput } from '../../common/job-spec.js';

export interface MatmulShape {
  m: number;
  n: number;
  k: number;
}

/** One invocation per C element; chunks split C's rows so each submit stays short. */
export const MATMUL_TILE_WGSL = `
// Bindings: 0 A (m x k bytes packed in u32), 1 B (k x n bytes packed), 2 C (m x n f32, output),
// 3 uniform { rowOffset, rows, n, k }. Dispatch (ceil(n/8), ceil(rows/8), 1) per chunk.
struct P { rowOffset: u32, rows: u32, n: u32, k: u32 }
@group(0) @binding(0) var<storage, read> a: array<u32>;
@group(0) @binding(1) var<storage, read> b: array<u32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> p: P;
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= p.n || gid.y >= p.rows) { return; }
  let row = p.rowOffset + gid.y;
  var acc = 0.0;
  for (var kk = 0u; kk < p.k; kk++) {
    let ai = row * p.k + kk;
    let bi = kk * p.n + gid.x;
    let av = f32((a[ai >> 2u] >> ((ai & 3u) * 8u)) & 0xffu);
    let bv = f32((b[bi >> 2u] >> ((bi & 3u) * 8u)) & 0xffu);
    acc = acc + av * bv;
  }
  c[row * p.n + gid.x] = acc;
}`;

/** Deterministic bytes 0..15 from a seed (xorshift32): the job and the verifier both derive them. */
export function seededNibbles(seed: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let s = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s >>> 28;
  }
  return out;
}

export function matmulInputs(seed: number, shape: MatmulShape): { a: Uint8Array; b: Uint8Array } {
  const bytes = seededNibbles(seed, shape.m * shape.k + shape.k * shape.n);
  return { a: bytes.subarray(0, shape.m * shape.k), b: bytes.subarray(shape.m * shape.k) };
}

const b64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export function matmulJobSpec(id: string, seed: number, shape: MatmulShape, chunks: number): JobSpecInput {
  const { m, n, k } = shape;
  if (k % 4 || n % 4) throw new Error('matmul tiles need k and n divisible by 4 (packed bytes)');
  const { a, b } = matmulInputs(seed, shape);
  const rowsPer = Math.ceil(m / chunks);
  const plan = [];
  for (let rowOffset = 0; rowOffset < m; rowOffset += rowsPer) {
    const rows = Math.min(rowsPer, m - rowOffset);
    plan.push({
      workgroups: [Math.ceil(n / 8), Math.ceil(rows / 8), 1] as [number, number, number],
      uniform: b64(new Uint8Array(new Uint32Array([rowOffset, rows, n, k]).buffer)),
    });
  }
  return {
    version: 1,
    id,
    kernel: { wgsl: MATMUL_TILE_WGSL, entryPoint: 'main' },
    bindings: [
      { binding: 0, type: 'storage-read', source: { kind: 'inline', size: a.length, base64: b64(a) } },
      { binding: 1, type: 'storage-read', source: { kind: 'inline', size: b.length, base64: b64(b) } },
      { binding: 2, type: 'storage', source: { kind: 'zero', size: m * n * 4 }, output: true },
      { binding: 3, type: 'uniform', source: { kind: 'zero', size: 16 } },
    ],
    dispatch: { uniformBinding: 3, chunks: plan },
    deadlineMs: 10 * 60 * 1000,
  };
}

/** The exact product on the CPU: canary answers, and tests standing in for a GPU. */
export function matmulReference(seed: number, shape: MatmulShape): Float32Array {
  const { m, n, k } = shape;
  const { a, b } = matmulInputs(seed, shape);
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let kk = 0; kk < k; kk++) {
      const av = a[i * k + kk]!;
      if (!av) continue;
      for (let j = 0; j < n; j++) c[i * n + j]! += av * b[kk * n + j]!;
    }
  return c;
}

/**
 * Freivalds: `rounds` random r with entries 0..1023; each round a wrong C passes with probability
 * at most 1/1024. All sums stay below 2^53 (n, k <= 4096), so doubles compare exactly.
 */
export function freivaldsCheck(seed: number, shape: MatmulShape, c: Float32Array, rounds = 2): boolean {
  const { m, n, k } = shape;
  if (c.length !== m * n) return false;
  const { a, b } = matmulInputs(seed, shape);
  for (let round = 0; round < rounds; round++) {
    const r = Float64Array.from({ length: n }, () => randomInt(1024));
    const br = new Float64Array(k);
    for (let kk = 0; kk < k; kk++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += b[kk * n + j]! * r[j]!;
      br[kk] = sum;
    }
    for (let i = 0; i < m; i++) {
      let abr = 0;
      for (let kk = 0; kk < k; kk++) abr += a[i * k + kk]! * br[kk]!;
      let cr = 0;
      for (let j = 0; j < n; j++) cr += c[i * n + j]! * r[j]!;
      if (cr !== abr) return false;
    }
  }
  return true;
}
