// The benchmark report as a person reads it in a terminal.
import type { BenchmarkReport } from '../../common/benchmark.js';
import { describeAdapter } from '../../common/gpu-adapter.js';

const percent = (fraction: number | null) =>
  fraction === null ? '   -' : `${(fraction * 100).toFixed(0).padStart(3)}%`;

export function formatBenchmarkReport(report: BenchmarkReport): string {
  const lines = [`Adapter: ${describeAdapter(report.adapter)}`];
  if (report.adapter.isSoftware) {
    lines.push('         Figures below measure the CPU through a software renderer, not a GPU.');
  }
  lines.push(
    '',
    `${'benchmark'.padEnd(18)}${'value'.padStart(14)}  ${'of measured peak'.padStart(16)}  ${'of vendor peak'.padStart(14)}`,
  );
  for (const result of report.results) {
    const value = `${result.value.toFixed(1)} ${result.unit}`;
    lines.push(
      `${result.name.padEnd(18)}${value.padStart(14)}  ${percent(result.fractionOfMeasuredPeak).padStart(16)}  ${percent(result.fractionOfVendorPeak).padStart(14)}`,
    );
  }
  const tuned = report.results.find((r) => r.name === 'matmul-f32');
  const naive = report.results.find((r) => r.name === 'matmul-f32-naive');
  if (tuned && naive && naive.value > 0) {
    lines.push(
      '',
      `Tuned matmul: ${String(tuned.details.variant ?? '?')}, ${(tuned.value / naive.value).toFixed(1)}x the naive kernel.`,
    );
  }
  for (const skip of report.skipped) lines.push(`Skipped ${skip.name}: ${skip.reason}`);
  lines.push(
    '',
    `All figures checked against a CPU reference. Took ${(report.durationMs / 1000).toFixed(1)} s.`,
  );
  return lines.join('\n');
}
