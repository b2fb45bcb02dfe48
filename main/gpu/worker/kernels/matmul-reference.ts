// CPU side of the matmul checks: random inputs, the f64 reference for a sample of output entries,
// and the tolerance a kernel's result must meet before its figure counts.
import type { MatmulPrecision } from './matmul-variants.js';

/** Row-major A (m x k) and B (k x n). */
export interface MatmulProblem {
  m: number;
  k: number;
  n: number;
  a: Float32Array;
  b: Float32Array;
}

/**
 * Random inputs on a grid of 1/256 in [-1, 1] (f32) or 1/16 (f16): exact in both formats, so the
 * reference sees exactly what the GPU sees, and f32 products and their sums stay exact while the
 * sums are small; the error left is the kernel's own rounding (or a bug).
 */
export function randomProblem(
  m: number,
  k: number,
  n: number,
  precision: MatmulPrecision,
  seed = 1,
): MatmulProblem {
  const random = mulberry32(seed);
  const steps = precision === 'f16' ? 16 : 256;
  const fill = (length: number) => {
    const values = new Float32Array(length);
    for (let i = 0; i < length; i++) values[i] = Math.round((random() * 2 - 1) * steps) / steps;
    return values;
  };
  return { m, k, n, a: fill(m * k), b: fill(k * n) };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** C[row][col] in f64, and the sum of |A[row][i] * B[i][col]| the rounding error scales with. */
export function referenceEntry(p: MatmulProblem, row: number, col: number): { value: number; mass: number } {
  let value = 0;
  let mass = 0;
  for (let i = 0; i < p.k; i++) {
    const product = p.a[row * p.k + i]! * p.b[i * p.n + col]!;
    value += product;
    mass += Math.abs(product);
  }
  return { value, mass };
}

/**
 * Largest error allowed for one entry. f32: the worst-case bound of k roundings of a sum,
 * k * 2^-24 * mass (plus a hair for an exactly-zero mass). f16 kernels sum at most 32 products in
 * f16 (2^-11 each) before adding into f32, hence 32 * 2^-11 * mass. A bug (a wrong row, column or
 * k offset) moves an entry by about sqrt(k) / 3, far above either bound for inputs in [-1, 1].
 */
export function tolerance(precision: MatmulPrecision, k: number, mass: number): number {
  const perTerm = precision === 'f16' ? 32 * 2 ** -11 : k * 2 ** -24;
  return perTerm * mass + 1e-6;
}

/** Output entries to check: edge and middle rows and columns, plus a few seeded random ones. */
export function sampleEntries(m: number, n: number, seed = 7): [number, number][] {
  const random = mulberry32(seed);
  const pick = (size: number) => {
    const chosen = new Set([0, 1, size >> 1, size - 2, size - 1]);
    for (let i = 0; i < 3; i++) chosen.add(Math.floor(random() * size));
    return [...chosen].filter((x) => x >= 0 && x < size);
  };
  const rows = pick(m);
  const cols = pick(n);
  return rows.flatMap((row) => cols.map((col): [number, number] => [row, col]));
}

/**
 * Compares sampled entries with the f64 reference; `read(row, col)` gives the GPU's value.
 * Returns a description of the first mismatch, or undefined when every entry is within tolerance.
 */
export function checkEntries(
  p: MatmulProblem,
  precision: MatmulPrecision,
  entries: readonly [number, number][],
  read: (row: number, col: number) => number,
): string | undefined {
  for (const [row, col] of entries) {
    const expected = referenceEntry(p, row, col);
    const got = read(row, col);
    const allowed = tolerance(precision, p.k, expected.mass);
    if (!(Math.abs(got - expected.value) <= allowed)) {
      return `C[${row}][${col}] of ${p.m}x${p.k}x${p.n}: got ${got}, expected ${expected.value} (tolerance ${allowed.toExponential(2)})`;
    }
  }
  return undefined;
}

/** f32 to IEEE half bits, round to nearest even (inputs here are exact halves; this also rounds). */
export function toHalfBits(value: number): number {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = value;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    const half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    return sign | (half + (rest > midpoint || (rest === midpoint && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}
