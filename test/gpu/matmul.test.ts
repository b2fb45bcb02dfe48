// The matmul kernels against the f64 CPU reference on the real adapter (lavapipe in CI): every
// variant, on sizes no tile divides and on rectangular ones, and the benchmark tasks end to end.
// Without an adapter these tests fail (acquire() throws): they must never pass by skipping.
import { describe, expect, it } from 'vitest';
import { runMatmul } from '../../main/gpu/worker/kernels/matmul-host.js';
import {
  checkEntries,
  randomProblem,
  referenceEntry,
  tolerance,
} from '../../main/gpu/worker/kernels/matmul-reference.js';
import { matmulTasks } from '../../main/gpu/worker/kernels/matmul-tasks.js';
import { benchMatmul } from '../../main/gpu/worker/kernels/matmul-tune.js';
import {
  ALL_VARIANTS,
  F32_VARIANTS,
  unsupportedReason,
  type MatmulVariant,
} from '../../main/gpu/worker/kernels/matmul-variants.js';
import { inProcessGpu } from './in-process-gpu.js';

/** m x k x n: no dimension a multiple of any tile; rectangular both ways; exact tiles. */
const SIZES: [number, number, number][] = [
  [67, 45, 33],
  [130, 70, 203],
  [150, 96, 41],
  [128, 64, 128],
];

const TINY_MEASURE = { targetSubmitMs: 10, minMeasuredMs: 20, maxSubmits: 3 };

/** Why this adapter cannot run the variant (a missing feature), or undefined. */
async function unsupported(variant: MatmulVariant): Promise<string | undefined> {
  const { device, adapter } = await inProcessGpu().acquire();
  return unsupportedReason(variant, device, adapter);
}

/** Largest |GPU - reference| over all entries, as a multiple of each entry's tolerance. */
function worstError(variant: MatmulVariant, m: number, k: number, n: number, seed: number) {
  return async () => {
    const p = randomProblem(m, k, n, variant.precision, seed);
    const c = await runMatmul(inProcessGpu(), variant.name, p.a, p.b, m, k, n);
    let worst = 0;
    for (let row = 0; row < m; row++) {
      for (let col = 0; col < n; col++) {
        const expected = referenceEntry(p, row, col);
        const error = Math.abs(c[row * n + col]! - expected.value);
        worst = Math.max(worst, error / tolerance(variant.precision, k, expected.mass));
      }
    }
    return worst;
  };
}

describe('matmul kernels against the CPU reference', () => {
  for (const variant of ALL_VARIANTS) {
    for (const [m, k, n] of SIZES) {
      it(`${variant.name}: ${m}x${k} times ${k}x${n}`, async () => {
        const reason = await unsupported(variant);
        if (reason) {
          // The only acceptable way out: the adapter lacks what the kernel needs, and running says so.
          await expect(worstError(variant, m, k, n, 1)()).rejects.toThrow(reason);
          return;
        }
        expect(await worstError(variant, m, k, n, m + k + n)()).toBeLessThanOrEqual(1);
      });
    }
  }

  it('f32 results on the 1/256 input grid are exact for the register-only kernels', async () => {
    const p = randomProblem(33, 200, 65, 'f32', 5);
    const c = await runMatmul(inProcessGpu(), 'reg-4x4-wg64', p.a, p.b, 33, 200, 65);
    expect(c[32 * 65 + 64]).toBe(referenceEntry(p, 32, 64).value);
  });
});

describe('matmul benchmark tasks', () => {
  it('tunes over every supported f32 variant and reports a verified figure', async () => {
    const figure = await benchMatmul(inProcessGpu(), 'f32', { quick: true, n: 96, measure: TINY_MEASURE });
    expect(figure.name).toBe('matmul-f32');
    expect(figure.verified).toBe(true);
    expect(figure.value).toBeGreaterThan(0);
    const candidates = figure.details.candidates as { variant: string; gflops: number; error?: string }[];
    const supported = [];
    for (const v of F32_VARIANTS) if (!(await unsupported(v))) supported.push(v.name);
    expect(candidates.map((c) => c.variant)).toEqual(supported);
    expect(candidates.filter((c) => c.error)).toEqual([]);
    expect(supported).toContain(figure.details.variant);
    expect(figure.details.n).toBe(96);
  });

  it('measures a cached variant without tuning', async () => {
    const figure = await benchMatmul(inProcessGpu(), 'f32', {
      quick: true,
      n: 77,
      variant: 'tiled-64x64-4x4',
      measure: TINY_MEASURE,
    });
    expect(figure.verified).toBe(true);
    expect(figure.details.variant).toBe('tiled-64x64-4x4');
    expect(figure.details.candidates).toBeUndefined();
  });

  it('refuses an unknown variant by name', async () => {
    await expect(
      benchMatmul(inProcessGpu(), 'f32', { quick: true, n: 64, variant: 'warp-9000', measure: TINY_MEASURE }),
    ).rejects.toThrow(/unknown matmul variant 'warp-9000'/);
    // A naive or f16 name is not an f32 candidate either.
    await expect(
      benchMatmul(inProcessGpu(), 'f32', { quick: true, n: 64, variant: 'naive', measure: TINY_MEASURE }),
    ).rejects.toThrow(/unknown matmul variant/);
  });

  it('reports the naive kernel as matmul-f32-naive', async () => {
    const figure = await benchMatmul(inProcessGpu(), 'naive', { quick: true, n: 70, measure: TINY_MEASURE });
    expect(figure).toMatchObject({ name: 'matmul-f32-naive', unit: 'GFLOPS', verified: true });
    expect(figure.details.variant).toBe('naive');
  });

  it('reports f16 where the adapter has shader-f16, and says why not elsewhere', async () => {
    const ctx = inProcessGpu();
    const { device } = await ctx.acquire();
    const bench = benchMatmul(ctx, 'f16', { quick: true, n: 90, measure: TINY_MEASURE });
    if (!device.features.has('shader-f16')) {
      await expect(bench).rejects.toThrow(/adapter lacks shader-f16/);
      return;
    }
    const figure = await bench;
    expect(figure).toMatchObject({ name: 'matmul-f16', verified: true });
  });

  it('validates task params: n within 1..8192, a variant name', () => {
    const params = matmulTasks['bench-matmul-f32'].params;
    expect(params.parse({ quick: true, n: 67 })).toEqual({ quick: true, n: 67 });
    expect(() => params.parse({ quick: true, n: 9000 })).toThrow();
    expect(() => params.parse({ quick: true, n: 10.5 })).toThrow();
    expect(() => params.parse({ quick: true, variant: '' })).toThrow();
    expect(matmulTasks['bench-matmul-naive'].params.parse({})).toEqual({ quick: false });
  });
});

describe('matmul verification', () => {
  it('flags an entry outside the tolerance and passes the exact product', () => {
    const p = randomProblem(5, 7, 6, 'f32', 9);
    const entries: [number, number][] = [
      [0, 0],
      [4, 5],
    ];
    const exact = (row: number, col: number) => referenceEntry(p, row, col).value;
    expect(checkEntries(p, 'f32', entries, exact)).toBeUndefined();
    expect(checkEntries(p, 'f32', entries, (row, col) => exact(row, col) + (row === 4 ? 0.01 : 0))).toMatch(
      /C\[4\]\[5\]/,
    );
  });
});
