// The small kernels against their CPU references on the real adapter.
import { describe, expect, it } from 'vitest';
import { fmaChainsReference, runFmaChains, verifyFma } from '../../main/gpu/worker/kernels/fma-peak.js';
import { runCopy } from '../../main/gpu/worker/kernels/bandwidth-copy.js';
import { runSpin, spinReference } from '../../main/gpu/worker/kernels/spin.js';
import { mulberry32 } from '../../main/gpu/worker/kernels/matmul-reference.js';
import { inProcessGpu } from './in-process-gpu.js';

describe('fma-peak kernel', () => {
  it('computes every invocation’s chains as the CPU reference does', async () => {
    const ctx = inProcessGpu();
    const groups = 3;
    const iterations = 300;
    const sums = await runFmaChains(ctx, groups, iterations);
    for (let index = 0; index < groups * 64; index++) {
      const expected = fmaChainsReference(index, iterations);
      for (let lane = 0; lane < 4; lane++) {
        expect(sums[index * 4 + lane]).toBeCloseTo(expected[lane]!, 3);
      }
    }
    expect(await verifyFma(ctx)).toBeUndefined();
  });
});

describe('bandwidth-copy kernel', () => {
  it('copies random data exactly, including a tail that does not fill a workgroup', async () => {
    const random = mulberry32(7);
    const source = new Uint32Array(4 * 1000 + 4 * 37);
    for (let i = 0; i < source.length; i++) source[i] = Math.floor(random() * 2 ** 32);
    const copy = await runCopy(inProcessGpu(), source);
    expect(copy).toEqual(source);
  });

  it('refuses a length that is not whole vec4s', async () => {
    await expect(runCopy(inProcessGpu(), new Uint32Array(6))).rejects.toThrow(/multiple of 4/);
  });
});

describe('spin kernel', () => {
  it('matches the CPU LCG for several round counts and seeds', async () => {
    const ctx = inProcessGpu();
    for (const [rounds, seed] of [
      [0, 5],
      [1, 0],
      [17, 123456789],
    ] as const) {
      expect(await runSpin(ctx, rounds, seed)).toBe(spinReference(rounds, seed));
    }
  });
});
