// Host for shaders/bandwidth-copy.wgsl: copy bandwidth of a buffer far larger than any GPU cache.
import type { KernelFigure } from '../../../../common/benchmark.js';
import { createBuffer, dispatchShape, readBuffer } from '../dispatch.js';
import { measureThroughput, type MeasureOptions } from '../measure.js';
import { loadShader } from '../shader-source.js';
import type { TaskContext } from '../task-context.js';

const KERNEL = 'bandwidth-copy';
const WG = 256;
const PER_INVOCATION = 4;
const MAX_BYTES = 256 * 1024 * 1024; // 3.5x the largest consumer L2 (RTX 4090: 72 MB)

/** Copies `words` u32 values through the kernel and returns the destination (for tests). */
export async function runCopy(ctx: TaskContext, source: Uint32Array): Promise<Uint32Array> {
  const kernel = await prepare(ctx, source);
  try {
    await ctx.submit(kernel.device, [kernel.encode(1).commands]);
    return new Uint32Array(await readBuffer(kernel.device, kernel.dst, source.byteLength));
  } finally {
    kernel.release();
  }
}

async function prepare(ctx: TaskContext, source: Uint32Array) {
  if (source.length % 4 !== 0)
    throw new Error('bandwidth-copy copies whole vec4s: length must be a multiple of 4');
  const { device, pipelines } = await ctx.acquire();
  const pipeline = await pipelines.get(KERNEL, loadShader(KERNEL), { WG, PER_INVOCATION });
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const src = createBuffer(device, `${KERNEL}:src`, source.byteLength, usage, source);
  const dst = createBuffer(device, `${KERNEL}:dst`, source.byteLength, usage);
  const bindGroup = device.createBindGroup({
    label: `${KERNEL}:bind`,
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: src } },
      { binding: 1, resource: { buffer: dst } },
    ],
  });
  const shape = dispatchShape(Math.ceil(source.length / 4 / (WG * PER_INVOCATION)));
  // One unit = one full copy of the buffer; a submit holds as many copies as fit its time budget.
  const encode = (copies: number) => {
    const encoder = device.createCommandEncoder({ label: KERNEL });
    const pass = encoder.beginComputePass({ label: KERNEL });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    for (let i = 0; i < copies; i++) pass.dispatchWorkgroups(shape.x, shape.y);
    pass.end();
    return { commands: encoder.finish(), units: copies };
  };
  return { device, dst, encode, release: () => [src, dst].forEach((b) => b.destroy()) };
}

export async function benchBandwidthCopy(ctx: TaskContext, options: MeasureOptions): Promise<KernelFigure> {
  const { device } = await ctx.acquire();
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const bytes = Math.floor(Math.min(MAX_BYTES, limit) / 16) * 16;
  const source = new Uint32Array(bytes / 4);
  for (let i = 0; i < source.length; i++) source[i] = (i * 2654435761) >>> 0;
  const kernel = await prepare(ctx, source);
  try {
    const m = await measureThroughput(
      ctx,
      { device: kernel.device, encode: kernel.encode, maxUnitsPerSubmit: 4096 },
      options,
    );
    const failure = verifySample(source, new Uint32Array(await readBuffer(kernel.device, kernel.dst, bytes)));
    return {
      name: KERNEL,
      value: (m.unitsPerSecond * 2 * bytes) / 1e9, // read + write
      unit: 'GB/s',
      verified: failure === undefined,
      details: { ...(failure ? { verificationError: failure } : {}), ...m, bufferBytes: bytes },
    };
  } finally {
    kernel.release();
  }
}

function verifySample(source: Uint32Array, copy: Uint32Array): string | undefined {
  const step = Math.max(1, Math.floor(source.length / 4099));
  for (let i = 0; i < source.length; i += step) {
    if (copy[i] !== source[i]) return `bandwidth-copy word ${i}: got ${copy[i]}, expected ${source[i]}`;
  }
  const last = source.length - 1;
  if (copy[last] !== source[last])
    return `bandwidth-copy last word: got ${copy[last]}, expected ${source[last]}`;
  return undefined;
}
