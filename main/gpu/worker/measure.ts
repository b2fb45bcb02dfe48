// Throughput measurement with chunked submits. Each submit is sized to ~targetSubmitMs so no single
// submit trips a driver watchdog (Windows TDR resets the GPU after 2 s; macOS kills long command
// buffers), and the per-submit rates give a median that shrugs off noisy neighbours.
import type { TaskContext } from './task-context.js';

export interface ChunkedWork {
  device: GPUDevice;
  /**
   * Encodes about `units` units of work into one command buffer and says how many it really
   * encoded (dispatch shapes may round up).
   */
  encode(units: number): { commands: GPUCommandBuffer; units: number };
  /** Most units one submit may hold (e.g. distinct tiles available). */
  maxUnitsPerSubmit?: number;
}

export interface MeasureOptions {
  targetSubmitMs: number;
  /** Keep submitting until this much GPU time was measured (after calibration). */
  minMeasuredMs: number;
  maxSubmits?: number;
}

export interface Measurement {
  /** Median over submits of units per second. */
  unitsPerSecond: number;
  unitsPerSubmit: number;
  submits: number;
  medianSubmitMs: number;
  maxSubmitMs: number;
}

export const QUICK_MEASURE: MeasureOptions = { targetSubmitMs: 80, minMeasuredMs: 400, maxSubmits: 12 };
export const FULL_MEASURE: MeasureOptions = { targetSubmitMs: 150, minMeasuredMs: 1500, maxSubmits: 40 };

export async function measureThroughput(
  ctx: TaskContext,
  work: ChunkedWork,
  options: MeasureOptions,
): Promise<Measurement> {
  const cap = work.maxUnitsPerSubmit ?? Number.MAX_SAFE_INTEGER;
  // Warm-up (compiles, first-touch allocations), then calibrate with growing sizes.
  const run = async (requested: number) => {
    const { commands, units } = work.encode(requested);
    return { units, ms: await ctx.submit(work.device, [commands]) };
  };
  await run(1);
  let probe = await run(1);
  while (probe.ms < options.targetSubmitMs / 4 && probe.units < cap) {
    probe = await run(Math.min(cap, probe.units * 4));
  }
  // One slow probe (a busy neighbour, a page fault) would shrink every submit: size from the
  // faster of two.
  const again = await run(probe.units);
  if (again.ms < probe.ms) probe = again;
  const units = Math.max(
    1,
    Math.min(cap, Math.round((probe.units * options.targetSubmitMs) / Math.max(probe.ms, 0.01))),
  );

  const rates: number[] = [];
  const times: number[] = [];
  let measured = 0;
  const maxSubmits = options.maxSubmits ?? 1000;
  while ((measured < options.minMeasuredMs || rates.length < 3) && rates.length < maxSubmits) {
    const { units: done, ms } = await run(units);
    times.push(ms);
    rates.push((done * 1000) / ms);
    measured += ms;
  }
  return {
    unitsPerSecond: median(rates),
    unitsPerSubmit: units,
    submits: rates.length,
    medianSubmitMs: median(times),
    maxSubmitMs: Math.max(...times),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The measurement a benchmark's --quick flag selects. */
export const measureFor = (quick: boolean): MeasureOptions => (quick ? QUICK_MEASURE : FULL_MEASURE);
