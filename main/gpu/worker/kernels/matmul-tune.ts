// The matmul benchmarks: the naive baseline, and the autotuned f32 and f16 figures. Tuning times
// every candidate the adapter supports briefly on the same problem, keeps the fastest, and then
// measures it properly; a cached winner (persisted per adapter + driver on the main side) skips it.
// No figure counts before the kernel's output matched the f64 CPU reference on a sample.
import type { KernelFigure } from '../../../../common/benchmark.js';
import { DeviceLostError } from '../gpu-session.js';
import { measureThroughput, median, type ChunkedWork, type MeasureOptions } from '../measure.js';
import type { TaskContext } from '../task-context.js';
import { createMatmulRun, runMatmul, type MatmulRun } from './matmul-host.js';
import { inputsKey, uploadInputs, type MatmulInputs } from './matmul-layout.js';
import { checkEntries, randomProblem, sampleEntries, type MatmulProblem } from './matmul-reference.js';
import {
  F16_VARIANTS,
  F32_VARIANTS,
  NAIVE_VARIANT,
  findVariant,
  unsupportedReason,
  type MatmulPrecision,
  type MatmulVariant,
} from './matmul-variants.js';

export type MatmulKind = 'naive' | 'f32' | 'f16';

const FIGURE_NAMES: Record<MatmulKind, string> = {
  naive: 'matmul-f32-naive',
  f32: 'matmul-f32',
  f16: 'matmul-f16',
};

/** A brief, equal measurement of every candidate while tuning. */
const TUNE_MEASURE: MeasureOptions = { targetSubmitMs: 40, minMeasuredMs: 120, maxSubmits: 4 };
/** How many of the fastest candidates after the first pass get a second look, and how many timings. */
const SECOND_LOOK_CANDIDATES = 5;
const SECOND_LOOK_TURNS = 3;
/** Each candidate must first get this problem right: no dimension is a multiple of any tile. */
const CHECK_PROBLEM = { m: 37, k: 29, n: 43 } as const;

export interface MatmulBenchOptions {
  measure: MeasureOptions;
  /** Default: 1024 with `quick`, else 2048. */
  n?: number;
  /** Skip tuning and measure this variant (the cached winner). */
  variant?: string;
  quick: boolean;
}

export interface CandidateTiming {
  variant: string;
  gflops: number;
  error?: string;
}

type InputsFor = (variant: MatmulVariant) => MatmulInputs;

export async function benchMatmul(
  ctx: TaskContext,
  kind: MatmulKind,
  options: MatmulBenchOptions,
): Promise<KernelFigure> {
  const { device, adapter } = await ctx.acquire();
  if (kind === 'f16' && !device.features.has('shader-f16')) {
    throw new Error('adapter lacks shader-f16: no f16 matmul on this GPU');
  }
  const pool = kind === 'naive' ? [NAIVE_VARIANT] : kind === 'f16' ? F16_VARIANTS : F32_VARIANTS;
  const candidates = chooseCandidates(pool, options.variant, device, adapter);
  const precision: MatmulPrecision = kind === 'f16' ? 'f16' : 'f32';
  const n = options.n ?? (options.quick ? 1024 : 2048);
  const problem = randomProblem(n, n, n, precision, n);
  ctx.heartbeat();

  const uploaded = new Map<string, MatmulInputs>();
  const inputsFor: InputsFor = (variant) => {
    let inputs = uploaded.get(inputsKey(variant));
    if (!inputs) {
      inputs = uploadInputs(device, variant, problem);
      uploaded.set(inputs.key, inputs);
    }
    return inputs;
  };
  try {
    const tuned = candidates.length > 1 ? await tune(ctx, candidates, problem, inputsFor) : undefined;
    const winner = tuned?.winner ?? candidates[0]!;
    ctx.progress(0.85, `measuring ${winner.name}`);
    const run = await createMatmulRun(ctx, winner, problem, inputsFor(winner));
    try {
      const failure = await verifyRun(ctx, run, problem, precision);
      const { gflops, tilesPerSubmit, measurement } = await measureRun(ctx, run, options.measure);
      return {
        name: FIGURE_NAMES[kind],
        value: gflops,
        unit: 'GFLOPS',
        verified: failure === undefined,
        details: {
          ...(failure ? { verificationError: failure } : {}),
          variant: winner.name,
          n,
          ...(tuned ? { candidates: tuned.timings } : {}),
          tile: `${winner.tileM}x${winner.tileN}`,
          tiles: run.tiles,
          tilesPerSubmit,
          submits: measurement.submits,
          medianSubmitMs: measurement.medianSubmitMs,
          maxSubmitMs: measurement.maxSubmitMs,
        },
      };
    } finally {
      run.release();
    }
  } finally {
    for (const inputs of uploaded.values()) inputs.release();
  }
}

function chooseCandidates(
  pool: readonly MatmulVariant[],
  requested: string | undefined,
  device: GPUDevice,
  adapter: GPUAdapter,
): MatmulVariant[] {
  if (requested !== undefined) {
    const variant = findVariant(requested, pool);
    const reason = unsupportedReason(variant, device, adapter);
    if (reason) throw new Error(`matmul variant '${variant.name}' cannot run on this adapter: ${reason}`);
    return [variant];
  }
  const supported = pool.filter((v) => unsupportedReason(v, device, adapter) === undefined);
  if (!supported.length) {
    throw new Error(
      `no matmul variant runs on this adapter (${unsupportedReason(pool[0]!, device, adapter)})`,
    );
  }
  return supported;
}

/**
 * Measures the run's throughput in GFLOPS. A unit is one output tile; measureThroughput sizes the
 * submits (growing bands of tiles, from the faster of two probes). Each submit computes the next
 * band of the output, wrapping around.
 */
async function measureRun(ctx: TaskContext, run: MatmulRun, options: MeasureOptions) {
  let next = 0;
  const work: ChunkedWork = {
    device: run.device,
    maxUnitsPerSubmit: run.tiles,
    encode(units) {
      const count = Math.min(Math.max(1, Math.round(units)), run.tiles);
      if (next + count > run.tiles) next = 0;
      const commands = run.encode(next, count);
      next = (next + count) % run.tiles;
      return { commands, units: count };
    },
  };
  const measurement = await measureThroughput(ctx, work, options);
  return {
    gflops: (measurement.unitsPerSecond * run.flopsPerTile) / 1e9,
    tilesPerSubmit: Math.min(run.tiles, Math.max(1, Math.round(measurement.unitsPerSubmit))),
    measurement,
  };
}

/** Computes the tiles holding the sampled entries and checks those entries against the CPU. */
async function verifyRun(
  ctx: TaskContext,
  run: MatmulRun,
  p: MatmulProblem,
  precision: MatmulPrecision,
): Promise<string | undefined> {
  const entries = sampleEntries(p.m, p.n);
  // One tile per submit: the smallest unit of work, whatever the adapter's speed.
  for (const tile of new Set(entries.map(([row, col]) => run.tileOf(row, col)))) {
    await ctx.submit(run.device, [run.encode(tile, 1)]);
  }
  const rows = await run.readRows([...new Set(entries.map(([row]) => row))]);
  return checkEntries(p, precision, entries, (row, col) => rows.get(row)![col]!);
}

async function tune(
  ctx: TaskContext,
  candidates: readonly MatmulVariant[],
  problem: MatmulProblem,
  inputsFor: InputsFor,
): Promise<{ winner: MatmulVariant; timings: CandidateTiming[] }> {
  const timings: CandidateTiming[] = [];
  for (const [index, variant] of candidates.entries()) {
    ctx.progress((0.7 * index) / candidates.length, `tuning: ${variant.name}`);
    try {
      const error = await checkSmall(ctx, variant);
      timings.push(
        error
          ? { variant: variant.name, gflops: 0, error }
          : { variant: variant.name, gflops: await timeVariant(ctx, variant, problem, inputsFor(variant)) },
      );
    } catch (error) {
      if (error instanceof DeviceLostError) throw error;
      timings.push({
        variant: variant.name,
        gflops: 0,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  // A second look at the fastest, in turns (x y z x y z ...), each keeping the median of its
  // timings: one brief timing on a busy machine can be unlucky, and the load drifts between timings
  // taken seconds apart (on lavapipe the winner changed from run to run with one look each).
  const contenders = timings
    .filter((t) => !t.error)
    .sort((x, y) => y.gflops - x.gflops)
    .slice(0, SECOND_LOOK_CANDIDATES);
  const samples = new Map(contenders.map((t) => [t, [t.gflops]]));
  for (let turn = 0; turn < SECOND_LOOK_TURNS; turn++) {
    for (const timing of contenders) {
      ctx.progress(0.7 + (0.1 * turn) / SECOND_LOOK_TURNS, `tuning: ${timing.variant} again`);
      const variant = findVariant(timing.variant, candidates);
      samples.get(timing)!.push(await timeVariant(ctx, variant, problem, inputsFor(variant)));
    }
  }
  for (const timing of contenders) timing.gflops = median(samples.get(timing)!);
  const best = contenders.sort((x, y) => y.gflops - x.gflops)[0];
  if (!best) {
    throw new Error(
      `no matmul variant passed its check: ${timings.map((t) => `${t.variant}: ${t.error}`).join('; ')}`,
    );
  }
  for (const timing of timings) timing.gflops = Math.round(timing.gflops * 100) / 100;
  return { winner: findVariant(best.variant, candidates), timings };
}

/** Runs the variant on a small awkward problem; returns why it failed, or undefined. */
async function checkSmall(ctx: TaskContext, variant: MatmulVariant): Promise<string | undefined> {
  const { m, k, n } = CHECK_PROBLEM;
  const p = randomProblem(m, k, n, variant.precision, 3);
  const { device } = await ctx.acquire();
  device.pushErrorScope('validation');
  const result = await runMatmul(ctx, variant.name, p.a, p.b, m, k, n).then(
    (c) => ({ c }),
    (error: unknown) => ({ error }),
  );
  const validation = await device.popErrorScope();
  if (validation) return `validation error: ${validation.message}`;
  if ('error' in result) throw result.error;
  const { c } = result;
  const all = Array.from({ length: m * n }, (_, i): [number, number] => [Math.floor(i / n), i % n]);
  return checkEntries(p, variant.precision, all, (row, col) => c[row * n + col]!);
}

async function timeVariant(
  ctx: TaskContext,
  variant: MatmulVariant,
  problem: MatmulProblem,
  inputs: MatmulInputs,
): Promise<number> {
  const run = await createMatmulRun(ctx, variant, problem, inputs);
  try {
    return (await measureRun(ctx, run, TUNE_MEASURE)).gflops;
  } finally {
    run.release();
  }
}
