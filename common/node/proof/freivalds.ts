// Freivalds' check of opened segments of C = A_s x B, exact in plain JS numbers.
//
// For column block J the verifier draws a secret vector r_J of 64 integers in [1, 2^20) and
// precomputes v_J = B[:, J] r_J (n x 64 multiply-adds per J, n^2 for all of them, once). A segment
// C[i, J] claimed by the prover is right iff A_s[i, :] v_J == C[i, J] . r_J; a wrong segment
// passes with probability <= 2^-20 for a secret r_J (the difference vector is non-zero and each
// entry of r_J is uniform over 2^20 - 1 values; Freivalds / Schwartz-Zippel).
// Exactness: v_J[j] <= 64 * 15 * 2^20 < 2^30; A v <= 1024 * 15 * 2^30 < 2^44; C . r_J < 2^18 * 2^20
// * 64 = 2^44: all below 2^53, so doubles hold every sum exactly (for n <= 4096 too: < 2^46).
import { randomInt } from 'node:crypto';
import { generateMatrix, matrixKey, matrixRow, seedBytes } from './proof-of-gpu-math.js';
import { POG_SEGMENT } from '../../proof-of-gpu.js';

export interface OperationCount {
  /** Generated matrix entries (one 4-round hash each). */
  hashes: number;
  /** Multiply-adds. */
  macs: number;
}

export class FreivaldsChecker {
  readonly ops: OperationCount = { hashes: 0, macs: 0 };
  private b: Float64Array | undefined;
  private readonly v = new Map<number, { r: Float64Array; v: Float64Array }>();
  private readonly seed: Buffer;

  constructor(
    seedHex: string,
    private readonly n: number,
    private readonly random: (max: number) => number = (max) => randomInt(1, max),
  ) {
    this.seed = seedBytes(seedHex);
  }

  /** True when the 64 values are C[row, J*64 .. J*64+63] of block `block`. */
  check(block: number, row: number, col: number, values: readonly number[]): boolean {
    // No honest entry exceeds n * 15 * 15; bounding them also keeps every sum below 2^53, so a
    // prover cannot make the check inexact with huge values.
    if (values.length !== POG_SEGMENT || values.some((x) => x > 225 * this.n)) return false;
    const { r, v } = this.vector(col);
    const a = matrixRow(matrixKey(this.seed, 'A', block), row, this.n);
    let left = 0;
    for (let j = 0; j < this.n; j++) left += a[j]! * v[j]!;
    let right = 0;
    for (let c = 0; c < POG_SEGMENT; c++) right += values[c]! * r[c]!;
    this.ops.hashes += this.n;
    this.ops.macs += this.n + POG_SEGMENT;
    return left === right;
  }

  private vector(col: number): { r: Float64Array; v: Float64Array } {
    let entry = this.v.get(col);
    if (!entry) {
      const n = this.n;
      if (!this.b) {
        this.b = generateMatrix(matrixKey(this.seed, 'B', 0), n);
        this.ops.hashes += n * n;
      }
      const r = Float64Array.from({ length: POG_SEGMENT }, () => this.random(2 ** 20));
      const v = new Float64Array(n);
      const b = this.b;
      for (let j = 0; j < n; j++) {
        let sum = 0;
        const base = j * n + col * POG_SEGMENT;
        for (let c = 0; c < POG_SEGMENT; c++) sum += b[base + c]! * r[c]!;
        v[j] = sum;
      }
      this.ops.macs += n * POG_SEGMENT;
      entry = { r, v };
      this.v.set(col, entry);
    }
    return entry;
  }
}
