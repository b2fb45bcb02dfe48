// Benchmark figures as the CLI prints them, the UI shows them and the network receives them.
import { z } from 'zod';
import { adapterReportSchema } from './gpu-adapter.js';

export const benchmarkUnitSchema = z.enum(['GFLOPS', 'GB/s']);

/** What a kernel task measured in the GPU worker, before it is related to peaks. */
export const kernelFigureSchema = z.object({
  name: z.string(),
  value: z.number(),
  unit: benchmarkUnitSchema,
  /** Checked against the CPU reference on a sample; a figure that is not verified never counts. */
  verified: z.boolean(),
  details: z.record(z.string(), z.unknown()),
});
export type KernelFigure = z.infer<typeof kernelFigureSchema>;

export const benchmarkResultSchema = z.object({
  name: z.string(),
  value: z.number(),
  unit: benchmarkUnitSchema,
  /** value / measured fma-peak (for GB/s figures: / the measured copy bandwidth). */
  fractionOfMeasuredPeak: z.number(),
  /** value / vendor peak when the GPU is in the known-GPU table, else null. */
  fractionOfVendorPeak: z.number().nullable(),
  verified: z.literal(true),
  details: z.record(z.string(), z.unknown()),
});
export type BenchmarkResult = z.infer<typeof benchmarkResultSchema>;

export const benchmarkReportSchema = z.object({
  adapter: adapterReportSchema,
  results: z.array(benchmarkResultSchema),
  /** Kernels that did not produce a countable figure, with the reason. */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  durationMs: z.number(),
});
export type BenchmarkReport = z.infer<typeof benchmarkReportSchema>;
