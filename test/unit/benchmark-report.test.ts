import { describe, expect, it } from 'vitest';
import type { BenchmarkReport } from '../../common/benchmark.js';
import { formatBenchmarkReport } from '../../main/cli/format-benchmark.js';
import { renderBenchmarkHtml } from '../../main/cli/html-report.js';

const report = (description: string, isSoftware: boolean): BenchmarkReport => ({
  adapter: {
    vendor: 'mesa',
    architecture: isSoftware ? 'software' : 'ada',
    device: '',
    description,
    isSoftware,
    kind: isSoftware ? 'software' : 'discrete',
    backend: 'vulkan',
    features: [],
    limits: {},
  },
  results: [
    {
      name: 'fma-peak',
      value: 56.7,
      unit: 'GFLOPS',
      fractionOfMeasuredPeak: 1,
      fractionOfVendorPeak: null,
      verified: true,
      details: {},
    },
    {
      name: 'matmul-f32-naive',
      value: 2,
      unit: 'GFLOPS',
      fractionOfMeasuredPeak: 0.035,
      fractionOfVendorPeak: null,
      verified: true,
      details: {},
    },
    {
      name: 'matmul-f32',
      value: 30,
      unit: 'GFLOPS',
      fractionOfMeasuredPeak: 0.53,
      fractionOfVendorPeak: null,
      verified: true,
      details: { variant: 'reg-8x8' },
    },
  ],
  skipped: [{ name: 'matmul-f16', reason: 'adapter lacks shader-f16' }],
  durationMs: 12_345,
});

describe('benchmark report for a terminal', () => {
  it('shows the figures, the tuned/naive ratio, what was skipped and the software warning', () => {
    const text = formatBenchmarkReport(report('llvmpipe: Mesa 25', true));
    expect(text).toContain('software adapter');
    expect(text).toMatch(/matmul-f32\s+30\.0 GFLOPS\s+53%/);
    expect(text).toContain('reg-8x8, 15.0x the naive kernel');
    expect(text).toContain('Skipped matmul-f16: adapter lacks shader-f16');
  });
});

describe('benchmark report as HTML', () => {
  it('escapes adapter text so a hostile driver string cannot inject markup', () => {
    const html = renderBenchmarkHtml(report('<img src=x onerror=alert(1)>', false), new Date(0));
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('role="alert"');
  });
});
