// The memory phase's parameters and the arithmetic behind them, and the size of a class's
// challenge: how much memory it must hold and how long its walk should take.
//
// A device holding only a share h of the buffer (say h = 0.75 of the claim) has two ways through the
// walk, and both fail:
// (a) Answer from what it holds and put something else where an item is missing. One walker reads
//     2s = 128 items, all held with probability h^128 = 0.75^128 = 1.0e-16: every walker it does
//     this way ends in a wrong state. The verifier re-walks k = 64 walkers picked after the
//     commitment, checking each step on its own; if a share phi of walkers is wrong, all k checked
//     ones are right with probability (1 - phi)^64: phi = 25 % -> 1.0e-8, phi = 10 % -> 1.2e-3.
// (b) Recompute the missing items. Each costs w = 32 SHA-256 compressions in a strict sequence, and
//     items are independent: holding any intermediate v_t costs the same 32 bytes as the item, and
//     no item helps with another, so no trade beats storing items. The walk's 2R reads then cost,
//     on top of the honest R compressions, (1 - phi) (1 - h) 2R w more: with h = 0.75 and
//     phi <= 25 %, >= 0.75 x 0.25 x 64 R = 12 R. Let T be the reference walk time and T_h = R / H
//     its hashing alone at the class's reference rate H; T_h >= 0.48 T for every catalog class
//     (hashing is at least half of each step; the RTX 4090 is the lowest, see memoryReference).
//     The device's hashing alone then takes >= 13 T_h >= 6.3 T where the deadline allows 3 T + 1 s
//     (T = 2 s: >= 12.7 s against 7 s). Passing needs a device that hashes 1.8x faster than the
//     class it claims, and that with less memory than it claims. In general, a device hashing at
//     the class's rate is caught when it misses a share 1 - h > (2 (3 T + 1 s) / T - 1) / (2 w (1 -
//     phi)) = 6 / 57.6 = 10 % of the buffer (T_h = T / 2, phi = 10 %; 4.3 % where T_h = T).
// Why not spot checks with a tight reply deadline instead: a network reply takes ~0.1 s, and a device
// missing an item recomputes it in w x ~50 ns (a CPU with SHA extensions); cheap per-item data
// makes the deadline meaningless and expensive per-item data makes the fill unaffordable. Chained
// fills (each item from earlier ones) let a prover keep sparse checkpoints for almost no memory.
// Timing the whole walk instead charges recomputation in total work, where it cannot hide.
// Assumptions: SHA-256 behaves as a random function (items cannot be compressed or predicted); the
// reference rates below, until measured on real GPUs. Not covered: a buffer kept partly in host
// memory and read over PCIe (slower than VRAM, but a small share may pass) and a device relaying
// the walk to a bigger machine.
import { KNOWN_GPUS } from '../../gpu-catalog.js';
import type { PogMemorySpec } from '../../proof-of-gpu.js';

/** Share of the class's VRAM the buffer takes: io.net asks for at least 80 % of VRAM free. */
export const MEMORY_FRACTION = 0.8;
/** SHA-256 calls per item (w). */
export const MEMORY_HASHES = 32;
/** Steps per walker (s): two item reads each. */
export const MEMORY_STEPS = 64;
/** Walkers re-walked by the verifier (k). */
export const MEMORY_OPENINGS = 64;
/** Walk time on the claimed class: long against network jitter, short for the owner. */
export const MEMORY_TARGET_MS = 2000;
/** Network round trip and a task start: the walk's pipelines are built during the fill. */
export const MEMORY_ALLOWANCE_MS = 1000;
/** A batch (one dispatch and one tree) should take about this long on the class. */
const BATCH_TARGET_MS = 25;

export interface MemoryReference {
  bytes: number;
  /** Walk steps per second: one SHA-256 compression and two random 32-byte reads each. */
  stepsPerSecond: number;
  /** SHA-256 compressions per second (the fill: `bytes` / 32 x w of them). */
  hashesPerSecond: number;
}

/**
 * CPU adapters and parts not in the catalog: a token 4 MiB that lavapipe fills in ~1 s (it hashes
 * ~4.5e6 compressions/s and walks ~3e6 steps/s on two cores, about half that under load), proving
 * that the path works, not how much memory there is. Reference rates are well under lavapipe's, as
 * the compute phase's 1 GFLOPS is.
 */
export const SOFTWARE_MEMORY: MemoryReference = { bytes: 4 << 20, stepsPerSecond: 4e5, hashesPerSecond: 6e5 };

/**
 * A catalog class's reference, an assumption until measured on real GPUs (as the matmul's 35 %):
 * - hashing: INT32 issue rate = fp32 flops / 4 (Ampere, Ada and Hopper have half as many INT32 as
 *   FP32 lanes; an FMA counts two flops), ~2500 instructions per compression, half of that reached
 *   in WGSL: fp32 TFLOPS x 5e7 compressions/s (RTX 4090: 4.1e9/s);
 * - memory: two random 32-byte reads per step at 25 % of the bandwidth (scattered sectors, not
 *   streams): GB/s x 1e9 x 0.25 / 64 steps/s (RTX 4090: 3.9e9/s);
 * a step waits for both: 1 / (1 / hash + 1 / read) (RTX 4090: 2.0e9 steps/s, 19.2 GB buffer; its
 * hashing is 0.488 of a step, the lowest share in the catalog).
 * Null for unified memory (Apple): there is no VRAM to claim.
 */
export function memoryReference(classId: string): MemoryReference | null {
  const gpu = KNOWN_GPUS.find((g) => g.id === classId);
  if (!gpu) return SOFTWARE_MEMORY;
  if (gpu.vramGb === null) return null;
  const hashesPerSecond = gpu.fp32Tflops * 5e7;
  const readsPerSecond = (gpu.bandwidthGBs * 1e9 * 0.25) / 64;
  return {
    bytes: gpu.vramGb * 1e9 * MEMORY_FRACTION,
    stepsPerSecond: 1 / (1 / hashesPerSecond + 1 / readsPerSecond),
    hashesPerSecond,
  };
}

export interface MemoryOptions {
  bytes?: number;
  /**
   * The most this device's WebGPU limits let it hold (chunk bindings x binding size). Reported by
   * the device and not trusted: a lower cap only makes it prove less, and the verdict says how much.
   */
  capBytes?: number;
  hashes?: number;
  steps?: number;
  walkers?: number;
  batches?: number;
  k?: number;
  /** Overrides the class's reference walk time (tests). */
  referenceMs?: number;
  toleranceFactor?: number;
  allowanceMs?: number;
}

const largestPowerOfTwo = (x: number) => 2 ** Math.floor(Math.log2(Math.max(1, x)));

/** The memory phase for a claimed class; null where the class has no VRAM of its own. */
export function memorySpec(claimedClass: string, o: MemoryOptions = {}): PogMemorySpec | null {
  const ref = memoryReference(claimedClass);
  if (!ref) return null;
  // Whole 2 KiB (64 items: one workgroup of the fill) keeps every size valid.
  const bytes = Math.floor(Math.min(o.bytes ?? ref.bytes, o.capBytes ?? Infinity) / 2048) * 2048;
  const steps = o.steps ?? MEMORY_STEPS;
  const perBatch = (ref.stepsPerSecond * BATCH_TARGET_MS) / 1000 / steps;
  const walkers = o.walkers ?? Math.min(1 << 18, Math.max(256, largestPowerOfTwo(perBatch)));
  const batches =
    o.batches ?? Math.max(1, Math.round((ref.stepsPerSecond * MEMORY_TARGET_MS) / 1000 / (walkers * steps)));
  const referenceMs = o.referenceMs ?? ((walkers * steps * batches) / ref.stepsPerSecond) * 1000;
  const toleranceFactor = o.toleranceFactor ?? 3;
  return {
    bytes,
    hashes: o.hashes ?? MEMORY_HASHES,
    walkers,
    batches,
    steps,
    k: o.k ?? MEMORY_OPENINGS,
    referenceMs,
    toleranceFactor,
    deadlineMs: toleranceFactor * referenceMs + (o.allowanceMs ?? MEMORY_ALLOWANCE_MS),
  };
}

/** The prover's work for a spec: SHA-256 compressions (fill, walk, batch trees) and random reads. */
export function memoryProverWork(m: PogMemorySpec): { compressions: number; reads: number; fill: number } {
  const steps = m.walkers * m.batches * m.steps;
  const fill = (m.bytes / 32) * m.hashes;
  return { compressions: fill + steps + 2 * (m.walkers - 1) * m.batches, reads: 2 * steps, fill };
}

/** The verifier's compressions: the top tree, then per re-walked walker its start, path and steps. */
export function memoryVerifierWork(m: PogMemorySpec): number {
  return 2 * m.batches + m.k * (1 + 2 * Math.log2(m.walkers) + m.steps * (2 * m.hashes + 1));
}
