// Matmul on this adapter, measured in one run: the FMA peak, the naive kernel, the autotuned f32
// kernel (tuning forced, no cache) with the tuned/naive ratio, f16 where supported, and a size sweep
// of the winning variant. The tuned/peak ratio is also taken in turns (peak, tuned, peak, ...): on a
// shared machine the load drifts within a minute, and a peak measured once, before the tuning, can
// be off by a quarter either way against the matmul measured after it.
import { GpuWorkerClient } from '../main/gpu/host/gpu-worker-client.js';
import { median } from '../main/gpu/worker/measure.js';
import { nodeForkSpawner } from '../main/gpu/host/worker-process.js';

export const description = 'FMA peak, naive vs autotuned f32 matmul (ratio), f16, matrix-size sweep';

const SWEEP = [256, 512, 1024, 2048];
const TURNS = 5;

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
  try {
    const adapter = await client.call('adapter-info', {});
    const fma = await client.call('bench-fma-peak', { quick });
    const naive = await client.call('bench-matmul-naive', { quick });
    const tuned = await client.call('bench-matmul-f32', { quick });
    const f16 = await client.call('bench-matmul-f16', { quick }).catch((e: Error) => ({ error: e.message }));
    const variant = String(tuned.details.variant);
    const turns = [];
    for (let i = 0; i < TURNS; i++) {
      const peak = await client.call('bench-fma-peak', { quick });
      const figure = await client.call('bench-matmul-f32', { quick, variant });
      turns.push({
        fmaPeakGflops: round(peak.value),
        tunedGflops: round(figure.value),
        fractionOfPeak: round(figure.value / peak.value, 3),
        verified: peak.verified && figure.verified,
      });
    }
    const sweep = [];
    for (const n of SWEEP) {
      const figure = await client.call('bench-matmul-f32', { quick: true, n, variant });
      sweep.push({
        n,
        gflops: round(figure.value),
        fractionOfMeasuredPeak: round(figure.value / fma.value, 3),
        verified: figure.verified,
      });
    }
    return {
      adapter: { description: adapter.description, device: adapter.device, isSoftware: adapter.isSoftware },
      fmaPeakGflops: round(fma.value),
      naiveGflops: round(naive.value),
      tunedGflops: round(tuned.value),
      tunedVariant: variant,
      tunedFractionOfPeak: round(tuned.value / fma.value, 3),
      tunedFractionOfPeakInTurns: median(turns.map((t) => t.fractionOfPeak)),
      tunedOverNaive: round(tuned.value / naive.value, 2),
      turns,
      candidates: tuned.details.candidates,
      f16:
        'value' in f16
          ? {
              gflops: round(f16.value),
              fractionOfPeak: round(f16.value / fma.value, 3),
              variant: f16.details.variant,
            }
          : f16,
      allVerified: [fma, naive, tuned].every((f) => f.verified) && turns.every((t) => t.verified),
      sweep,
    };
  } finally {
    client.stop();
  }
}

function round(value: number, digits = 2): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
