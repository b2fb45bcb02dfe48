// The benchmark suite as the owner runs it: every kernel in the GPU worker, each figure related to
// the measured FMA peak and, for known GPUs, to the vendor's spec sheet. A kernel that fails (no f16
// support, a timeout, a crash) is listed as skipped with its reason; the rest still count.
import type { BenchmarkReport, BenchmarkResult, KernelFigure } from '../../../common/benchmark.js';
import type { AdapterReport } from '../../../common/gpu-adapter.js';
import { vendorPeak } from '../../../common/gpu-catalog.js';
import { GpuTaskError } from './errors.js';
import type { GpuWorkerClient } from './gpu-worker-client.js';
import { adapterFingerprint, type TuningCache } from './tuning-cache.js';

export interface BenchmarkSuiteOptions {
  client: GpuWorkerClient;
  quick: boolean;
  tuningCache?: TuningCache;
  /** The GPU model the system probe saw, to find vendor peaks when the adapter name is terse. */
  gpuModel?: string | null;
  driverVersion?: string | null;
  onProgress?: (step: string, fraction: number, label: string) => void;
}

type Step = { name: string; kind: 'flops32' | 'flops16' | 'bytes'; tuned: boolean } & (
  | { task: 'bench-fma-peak' | 'bench-bandwidth-copy' | 'bench-matmul-naive' }
  | { task: 'bench-matmul-f32' | 'bench-matmul-f16' }
);

export const BENCHMARK_STEPS: readonly Step[] = [
  { name: 'fma-peak', task: 'bench-fma-peak', kind: 'flops32', tuned: false },
  { name: 'bandwidth-copy', task: 'bench-bandwidth-copy', kind: 'bytes', tuned: false },
  { name: 'matmul-f32-naive', task: 'bench-matmul-naive', kind: 'flops32', tuned: false },
  { name: 'matmul-f32', task: 'bench-matmul-f32', kind: 'flops32', tuned: true },
  { name: 'matmul-f16', task: 'bench-matmul-f16', kind: 'flops16', tuned: true },
];

export async function runBenchmarkSuite(options: BenchmarkSuiteOptions): Promise<BenchmarkReport> {
  const started = performance.now();
  const { client } = options;
  const adapter = await client.call('adapter-info', {});
  const fingerprint = adapterFingerprint(adapter, options.driverVersion);
  const figures: KernelFigure[] = [];
  const skipped: BenchmarkReport['skipped'] = [];

  for (const [index, step] of BENCHMARK_STEPS.entries()) {
    const report = (fraction: number, label: string) =>
      options.onProgress?.(step.name, (index + fraction) / BENCHMARK_STEPS.length, label);
    report(0, 'starting');
    try {
      const figure = await runStep(step, options, fingerprint, (f, label) => report(f, label));
      if (!figure.verified) {
        skipped.push({
          name: step.name,
          reason: `result did not match the CPU reference: ${String(figure.details.verificationError)}`,
        });
      } else {
        figures.push(figure);
        if (step.tuned && typeof figure.details.variant === 'string') {
          options.tuningCache?.set(fingerprint, step.name, figure.details.variant);
        }
      }
    } catch (error) {
      if (error instanceof GpuTaskError && error.code === 'no-adapter') throw error;
      skipped.push({ name: step.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  options.onProgress?.('done', 1, 'done');
  return {
    adapter,
    results: relateToPeaks(figures, adapter, options.gpuModel ?? null),
    skipped,
    durationMs: Math.round(performance.now() - started),
  };
}

function runStep(
  step: Step,
  options: BenchmarkSuiteOptions,
  fingerprint: string,
  onProgress: (fraction: number, label: string) => void,
): Promise<KernelFigure> {
  const { client, quick } = options;
  if (step.task === 'bench-matmul-f32' || step.task === 'bench-matmul-f16') {
    const variant = options.tuningCache?.get(fingerprint, step.name);
    return client.call(step.task, variant ? { quick, variant } : { quick }, { onProgress });
  }
  return client.call(step.task, { quick }, { onProgress });
}

/** Adds the fractions of measured and vendor peaks; the fma-peak figure is the yardstick. */
export function relateToPeaks(
  figures: KernelFigure[],
  adapter: AdapterReport,
  gpuModel: string | null,
): BenchmarkResult[] {
  const fma = figures.find((f) => f.name === 'fma-peak');
  const copy = figures.find((f) => f.name === 'bandwidth-copy');
  // A software adapter on a machine with a real GPU must never be compared with that GPU's peak.
  const vendor = adapter.isSoftware
    ? null
    : (vendorPeak(adapter.device) ?? (gpuModel ? vendorPeak(gpuModel) : null));
  return figures.map((figure) => {
    const step = BENCHMARK_STEPS.find((s) => s.name === figure.name);
    const bytes = step?.kind === 'bytes';
    const measuredPeak = bytes ? copy?.value : fma?.value;
    const vendorFigure = !vendor
      ? null
      : bytes
        ? vendor.bandwidthGBs
        : step?.kind === 'flops16'
          ? vendor.fp16Gflops
          : vendor.fp32Gflops;
    return {
      name: figure.name,
      value: round(figure.value),
      unit: figure.unit,
      fractionOfMeasuredPeak: measuredPeak ? round(figure.value / measuredPeak, 4) : 0,
      fractionOfVendorPeak: vendorFigure ? round(figure.value / vendorFigure, 4) : null,
      verified: true,
      details: figure.details,
    };
  });
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
