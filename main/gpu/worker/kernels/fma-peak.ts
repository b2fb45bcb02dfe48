// Host for shaders/fma-peak.wgsl: measures peak FP32 FMA throughput, verified on a sample.
import type { KernelFigure } from '../../../../common/benchmark.js';
import { createBuffer, dispatchShape, readBuffer } from '../dispatch.js';
import { measureThroughput, type MeasureOptions } from '../measure.js';
import { loadShader } from '../shader-source.js';
import type { TaskContext } from '../task-context.js';

const KERNEL = 'fma-peak';
const WG = 64;
const FLOPS_PER_ROUND = 128; // 2 unrolled x 8 chains x vec4 x 2 flops
export const FMA_PARAMS = { a: 0.9999, b: 0.0001 } as const;

interface FmaRun {
  iterations: number;
  writeAll: boolean;
}

async function prepare(ctx: TaskContext, run: FmaRun, outputInvocations: number) {
  const { device, pipelines } = await ctx.acquire();
  const pipeline = await pipelines.get(KERNEL, loadShader(KERNEL), { WG });
  const params = new ArrayBuffer(16);
  new Float32Array(params, 0, 2).set([FMA_PARAMS.a, FMA_PARAMS.b]);
  new Uint32Array(params, 8, 2).set([run.iterations, run.writeAll ? 1 : 0]);
  const uniform = createBuffer(
    device,
    `${KERNEL}:params`,
    16,
    GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    new Uint8Array(params),
  );
  const out = createBuffer(
    device,
    `${KERNEL}:out`,
    outputInvocations * 16,
    GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  );
  const bindGroup = device.createBindGroup({
    label: `${KERNEL}:bind`,
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: uniform } },
      { binding: 1, resource: { buffer: out } },
    ],
  });
  const encode = (groups: number) => {
    const shape = dispatchShape(groups);
    const encoder = device.createCommandEncoder({ label: KERNEL });
    const pass = encoder.beginComputePass({ label: KERNEL });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(shape.x, shape.y);
    pass.end();
    return { commands: encoder.finish(), units: shape.total };
  };
  return { device, out, encode, release: () => [uniform, out].forEach((b) => b.destroy()) };
}

/** Runs the kernel on `groups` workgroups with every invocation writing its sum (for tests). */
export async function runFmaChains(
  ctx: TaskContext,
  groups: number,
  iterations: number,
): Promise<Float32Array> {
  const kernel = await prepare(ctx, { iterations, writeAll: true }, groups * WG);
  try {
    await ctx.submit(kernel.device, [kernel.encode(groups).commands]);
    return new Float32Array(await readBuffer(kernel.device, kernel.out, groups * WG * 16));
  } finally {
    kernel.release();
  }
}

/** CPU reference for invocation `index`: the vec4 sum the kernel writes (plain f64 arithmetic). */
export function fmaChainsReference(index: number, iterations: number): number[] {
  const seed = Math.fround((index % 1024) * 0.001);
  const { a, b } = FMA_PARAMS;
  const sum = [0, 0, 0, 0];
  for (let lane = 0; lane < 4; lane++) {
    for (let chain = 0; chain < 8; chain++) {
      let x = seed + lane * 0.1 + chain * 0.01;
      for (let i = 0; i < iterations * 2; i++) x = x * a + b;
      sum[lane]! += x;
    }
  }
  return sum;
}

const VERIFY_GROUPS = 4;
const VERIFY_ITERATIONS = 512;
const RELATIVE_TOLERANCE = 1e-3; // f32 chains vs f64: rounding differs, the value must not

export async function verifyFma(ctx: TaskContext): Promise<string | undefined> {
  const sums = await runFmaChains(ctx, VERIFY_GROUPS, VERIFY_ITERATIONS);
  for (let index = 0; index < VERIFY_GROUPS * WG; index += 7) {
    const expected = fmaChainsReference(index, VERIFY_ITERATIONS);
    for (let lane = 0; lane < 4; lane++) {
      const got = sums[index * 4 + lane]!;
      const want = expected[lane]!;
      if (!(Math.abs(got - want) <= RELATIVE_TOLERANCE * Math.abs(want))) {
        return `fma-peak invocation ${index} lane ${lane}: got ${got}, expected ${want}`;
      }
    }
  }
  return undefined;
}

export async function benchFmaPeak(ctx: TaskContext, options: MeasureOptions): Promise<KernelFigure> {
  const failure = await verifyFma(ctx);
  const iterations = 1024;
  const kernel = await prepare(ctx, { iterations, writeAll: false }, 1);
  try {
    const m = await measureThroughput(ctx, { device: kernel.device, encode: kernel.encode }, options);
    const flopsPerGroup = WG * iterations * FLOPS_PER_ROUND;
    return {
      name: KERNEL,
      value: (m.unitsPerSecond * flopsPerGroup) / 1e9,
      unit: 'GFLOPS',
      verified: failure === undefined,
      details: { ...(failure ? { verificationError: failure } : {}), ...m, workgroupSize: WG, iterations },
    };
  } finally {
    kernel.release();
  }
}
