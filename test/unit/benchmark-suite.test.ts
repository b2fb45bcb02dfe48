// How figures are related to peaks, and how the tuning cache behaves across runs and damage.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KernelFigure } from '../../common/benchmark.js';
import type { AdapterReport } from '../../common/gpu-adapter.js';
import { relateToPeaks } from '../../main/gpu/host/benchmark-suite.js';
import { adapterFingerprint, TuningCache } from '../../main/gpu/host/tuning-cache.js';

const adapter = (overrides: Partial<AdapterReport> = {}): AdapterReport => ({
  vendor: 'nvidia',
  architecture: 'ada-lovelace',
  device: 'nvidia-geforce-rtx-4090',
  description: 'NVIDIA: 550.54.14',
  isSoftware: false,
  kind: 'discrete',
  backend: 'vulkan',
  features: ['shader-f16'],
  limits: {},
  ...overrides,
});

const figure = (name: string, value: number, unit: KernelFigure['unit'] = 'GFLOPS'): KernelFigure => ({
  name,
  value,
  unit,
  verified: true,
  details: {},
});

describe('relateToPeaks', () => {
  const figures = [
    figure('fma-peak', 80_000),
    figure('bandwidth-copy', 900, 'GB/s'),
    figure('matmul-f32', 30_000),
    figure('matmul-f16', 40_000),
  ];

  it('divides flops by the measured FMA peak and by the vendor FP32/FP16 peak of a known GPU', () => {
    const results = relateToPeaks(figures, adapter(), null);
    const matmul = results.find((r) => r.name === 'matmul-f32')!;
    expect(matmul.fractionOfMeasuredPeak).toBeCloseTo(30_000 / 80_000, 4);
    expect(matmul.fractionOfVendorPeak).toBeCloseTo(30_000 / 82_600, 4);
    const f16 = results.find((r) => r.name === 'matmul-f16')!;
    expect(f16.fractionOfVendorPeak).toBeCloseTo(40_000 / 82_600, 4); // GeForce: FP16 at the FP32 rate
    const copy = results.find((r) => r.name === 'bandwidth-copy')!;
    expect(copy.fractionOfMeasuredPeak).toBe(1);
    expect(copy.fractionOfVendorPeak).toBeCloseTo(900 / 1008, 4);
  });

  it('falls back to the system probe’s GPU model when the adapter name is terse', () => {
    const results = relateToPeaks(
      figures,
      adapter({ description: 'NVIDIA: 550.54', device: '' }),
      'NVIDIA GeForce RTX 4090',
    );
    expect(results[0]!.fractionOfVendorPeak).toBeCloseTo(80_000 / 82_600, 4);
  });

  it('never compares a software adapter with the vendor peak of the GPU in the same box', () => {
    const results = relateToPeaks(
      figures,
      adapter({ isSoftware: true, kind: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25' }),
      'NVIDIA GeForce RTX 4090',
    );
    expect(results.every((r) => r.fractionOfVendorPeak === null)).toBe(true);
  });

  it('gives null for a GPU that is not in the table', () => {
    const results = relateToPeaks(figures, adapter({ device: 'moore-threads-mtt-s80' }), null);
    expect(results.every((r) => r.fractionOfVendorPeak === null)).toBe(true);
  });
});

describe('TuningCache', () => {
  const report = adapter();

  it('remembers the winner per adapter and driver', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuning-'));
    const cache = new TuningCache(dir);
    const fp = adapterFingerprint(report, '550.54');
    cache.set(fp, 'matmul-f32', 'reg-4x8');
    expect(new TuningCache(dir).get(fp, 'matmul-f32')).toBe('reg-4x8');
    expect(new TuningCache(dir).get(adapterFingerprint(report, '560.10'), 'matmul-f32')).toBeUndefined();
  });

  it('treats a damaged cache file as empty, so the next run simply re-tunes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuning-'));
    writeFileSync(join(dir, 'kernel-tuning.json'), '{"half a file');
    const cache = new TuningCache(dir);
    expect(cache.get('x', 'matmul-f32')).toBeUndefined();
    cache.set('x', 'matmul-f32', 'tiled-64');
    expect(cache.get('x', 'matmul-f32')).toBe('tiled-64');
  });
});
