// Reference throughput per device class for the proof of GPU: what a WebGPU f32 matmul of n = 1024
// should reach on that GPU (a share of the vendor's fp32 peak), and the challenge size that follows.
import { KNOWN_GPUS } from '../../gpu-catalog.js';
import { POG_REFERENCE_EFFICIENCY, POG_TARGET_MS } from '../../proof-of-gpu.js';

export interface ProofClass {
  id: string;
  /** Reference throughput in GFLOPS (1e9 flop/s). */
  gflops: number;
}

/**
 * CPU adapters (lavapipe, SwiftShader) and parts not in the catalog: a small reference so the
 * challenge stays short; such a device proves only that it computes, and is classed 'software'.
 */
export const SOFTWARE_CLASS: ProofClass = { id: 'software', gflops: 1 };

/** Slowest first. */
export const PROOF_CLASSES: readonly ProofClass[] = [
  SOFTWARE_CLASS,
  ...KNOWN_GPUS.map((g) => ({ id: g.id, gflops: g.fp32Tflops * 1000 * POG_REFERENCE_EFFICIENCY })),
].sort((a, b) => a.gflops - b.gflops);

export function proofClass(id: string): ProofClass {
  return PROOF_CLASSES.find((c) => c.id === id) ?? SOFTWARE_CLASS;
}

/** Work of the timed phase: S blocks of 2n^3 flops. */
export function challengeFlops(n: number, S: number): number {
  return S * 2 * n ** 3;
}

/** Blocks so that the class needs about targetMs; at least one. */
export function blocksFor(cls: ProofClass, n: number, targetMs = POG_TARGET_MS): number {
  return Math.max(1, Math.round((cls.gflops * 1e6 * targetMs) / challengeFlops(n, 1)));
}

/** The fastest class whose reference the measured throughput met; null below every class. */
export function provenClass(measuredGflops: number): string | null {
  let best: string | null = null;
  for (const c of PROOF_CLASSES) if (measuredGflops >= c.gflops) best = c.id;
  return best;
}
