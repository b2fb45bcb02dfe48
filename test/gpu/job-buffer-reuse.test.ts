// Job buffers are pooled between jobs (main/gpu/worker/buffer-pool.ts): a reused buffer must never
// show the next job what the previous one left in it, and the pool stays within its bounds.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jobSpecSchema, type JobSpecInput } from '../../common/job-spec.js';
import { BufferPool, type TakenBuffer } from '../../main/gpu/worker/buffer-pool.js';
import { runJob } from '../../main/gpu/worker/jobs/job-runner.js';
import { axpyJob } from '../fixtures/job-builders.js';
import { inProcessGpu } from './in-process-gpu.js';

afterEach(() => vi.restoreAllMocks());

/**
 * Binds buffers of the sizes axpyJob(n) used (three n x 4-byte storage buffers and a 16-byte
 * uniform), writes none of them, and copies the uniform into `peek`: every output is what the job
 * was given.
 */
const PEEK_WGSL = `
@group(0) @binding(0) var<storage, read_write> s0: array<u32>;
@group(0) @binding(1) var<storage, read_write> s1: array<u32>;
@group(0) @binding(2) var<storage, read_write> s2: array<u32>;
@group(0) @binding(3) var<uniform> u: vec4u;
@group(0) @binding(4) var<storage, read_write> peek: array<u32>;
@compute @workgroup_size(1)
fn main() {
  peek[0] = u.x; peek[1] = u.y; peek[2] = u.z; peek[3] = u.w;
  peek[4] = s0[0] + s1[0] + s2[0];
}`;

function peekJob(bytes: number): JobSpecInput {
  const zero = (size: number) => ({ kind: 'zero' as const, size });
  return {
    version: 1,
    id: 'peek',
    kernel: { wgsl: PEEK_WGSL, entryPoint: 'main' },
    bindings: [
      { binding: 0, type: 'storage', source: zero(bytes), output: true },
      { binding: 1, type: 'storage', source: zero(bytes), output: true },
      { binding: 2, type: 'storage', source: zero(bytes), output: true },
      { binding: 3, type: 'uniform', source: zero(16) },
      { binding: 4, type: 'storage', source: zero(32), output: true },
    ],
    dispatch: { chunks: [{ workgroups: [1, 1, 1] }] },
    deadlineMs: 60_000,
  };
}

describe('job buffer pool', () => {
  // Small buffers are zeroed by a queue write, large ones (over 64 KiB) by a GPU clear.
  it.each([1024, 32_768])(
    "never lets a job read the previous job's data through a reused buffer (%i floats)",
    async (n) => {
      const ctx = inProcessGpu();
      const { buffers: pool } = await ctx.acquire();
      pool.trim();
      const first = await runJob(ctx, jobSpecSchema.parse(axpyJob(n, 1).spec), new Map());
      expect(first.outputs[0]!.bytes.some((byte) => byte !== 0)).toBe(true);

      const take = vi.spyOn(pool, 'take');
      const second = await runJob(ctx, jobSpecSchema.parse(peekJob(n * 4)), new Map());
      // The test means something only if the first job's buffers were handed out again.
      const reused = take.mock.calls
        .filter((_, i) => (take.mock.results[i]!.value as TakenBuffer).reused)
        .map(([label]) => label);
      for (const binding of [0, 1, 2, 3]) expect(reused).toContain(`job:peek:binding${binding}`);
      for (const output of second.outputs)
        expect(
          output.bytes.every((byte) => byte === 0),
          `binding ${output.binding}`,
        ).toBe(true);
    },
  );

  it('keeps at most its byte budget, oldest dropped first, and never keeps a mapped buffer', async () => {
    const { device } = await inProcessGpu().acquire();
    const pool = new BufferPool(device, 3 * 1024, 1024);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const taken = [1, 2, 3, 4].map((i) => pool.take(`b${i}`, 1024, usage).buffer);
    expect(taken.every((b, i) => taken.indexOf(b) === i)).toBe(true);
    taken.forEach((b) => pool.give(b));
    expect(pool.idleBufferBytes).toBe(3 * 1024);
    const again = pool.take('again', 1024, usage);
    expect(again.reused).toBe(true);
    expect(again.buffer).not.toBe(taken[0]); // the oldest was dropped to stay within the budget
    expect(again.buffer.label).toBe('again');
    expect(pool.take('other size', 2048, usage).reused).toBe(false);

    pool.give(pool.take('too big', 4096, usage).buffer);
    const mapped = pool.take('mapped', 64, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST).buffer;
    await mapped.mapAsync(GPUMapMode.READ);
    pool.give(mapped);
    expect(pool.idleBufferBytes).toBe(2 * 1024);
    pool.trim();
    expect(pool.idleBufferBytes).toBe(0);
  });
});
