// Host for shaders/spin.wgsl: runs an LCG for `rounds` x 1024 steps in one submit.
import { createBuffer, readBuffer } from '../dispatch.js';
import { loadShader } from '../shader-source.js';
import type { TaskContext } from '../task-context.js';

const KERNEL = 'spin';

export async function runSpin(ctx: TaskContext, rounds: number, seed: number): Promise<number> {
  const { device, pipelines } = await ctx.acquire();
  const pipeline = await pipelines.get(KERNEL, loadShader(KERNEL));
  const uniform = createBuffer(
    device,
    `${KERNEL}:params`,
    16,
    GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    new Uint32Array([rounds, seed, 0, 0]),
  );
  const out = createBuffer(device, `${KERNEL}:out`, 16, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
  try {
    const encoder = device.createCommandEncoder({ label: KERNEL });
    const pass = encoder.beginComputePass({ label: KERNEL });
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        label: `${KERNEL}:bind`,
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: uniform } },
          { binding: 1, resource: { buffer: out } },
        ],
      }),
    );
    pass.dispatchWorkgroups(1);
    pass.end();
    await ctx.submit(device, [encoder.finish()]);
    return new Uint32Array(await readBuffer(device, out, 4))[0]!;
  } finally {
    uniform.destroy();
    out.destroy();
  }
}

/** CPU reference: the state of invocation 0 after `rounds` x 1024 LCG steps. */
export function spinReference(rounds: number, seed: number): number {
  let state = seed >>> 0;
  for (let i = 0; i < rounds * 1024; i++) state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state;
}
