// The GPU side of one job run: a labelled buffer per binding, filled from the job's contents, the
// bind group (checked in an error scope, so a binding the shader does not declare is a clear
// rejection), and the read-back of outputs and checkpoints. Buffers come from the device's pool and
// go back to it; a reused one is cleared or overwritten before the job's first chunk.
import type { JobSpec } from '../../../../common/job-spec.js';
import { POOL_MAX_BUFFER_BYTES, POOL_MAX_BYTES, type BufferPool } from '../buffer-pool.js';
import { writeBytes } from '../dispatch.js';
import { JobRejectedError } from './job-validation.js';
import { translateBindGroupError } from './dawn-messages.js';
import { jobShape } from './job-shader-check.js';

export type BindingContents = Map<number, Uint8Array | null>;

/** Zeros for clearing a small reused buffer with a queue write. */
const ZEROS = new Uint8Array(64 * 1024);

const validatedShapes = new WeakMap<GPUComputePipeline, Set<string>>();

export interface JobBuffers {
  byBinding: Map<number, GPUBuffer>;
  bindGroup: GPUBindGroup;
  /** Gives the buffers back to the pool (the job is done with them). */
  release(): void;
}

export async function createJobBuffers(
  device: GPUDevice,
  pool: BufferPool,
  pipeline: GPUComputePipeline,
  spec: JobSpec,
  contents: BindingContents,
): Promise<JobBuffers> {
  // A job bigger than the pool wants the memory the pool holds more than it wants pooled buffers.
  if (spec.bindings.reduce((sum, b) => sum + b.source.size, 0) > POOL_MAX_BYTES) pool.trim();
  const byBinding = new Map<number, GPUBuffer>();
  let clears: GPUCommandEncoder | undefined;
  for (const b of spec.bindings) {
    const usage =
      b.type === 'uniform'
        ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
        : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const { buffer, reused } = pool.take(`job:${spec.id}:binding${b.binding}`, b.source.size, usage);
    const data = contents.get(b.binding);
    // A reused buffer holds an earlier job's bytes: zero whatever this job's data does not cover,
    // before the writes below (the queue runs these first), as WebGPU does for a new buffer. A small
    // one is zeroed by a queue write (a submit of its own costs more than a small job's kernel), a
    // large one by a GPU clear.
    if (reused && (!data || data.byteLength < buffer.size)) {
      if (buffer.size <= ZEROS.byteLength) writeBytes(device, buffer, ZEROS.subarray(0, buffer.size));
      else {
        clears ??= device.createCommandEncoder({ label: `job:${spec.id}:clear` });
        clears.clearBuffer(buffer);
      }
    }
    byBinding.set(b.binding, buffer);
  }
  if (clears) device.queue.submit([clears.finish()]);
  for (const b of spec.bindings) {
    const data = contents.get(b.binding);
    if (data) writeBytes(device, byBinding.get(b.binding)!, data);
  }
  const release = () => byBinding.forEach((buffer) => pool.give(buffer));
  const bindGroup = device.createBindGroup({
    label: `job:${spec.id}:bind`,
    layout: pipeline.getBindGroupLayout(0),
    entries: spec.bindings.map((b) => ({
      binding: b.binding,
      resource: { buffer: byBinding.get(b.binding)! },
    })),
  });
  // A buffer smaller than the shader's struct fails only at dispatch, and silently: check once per
  // pipeline and binding shape with a dispatch that is encoded but never submitted, in an error scope (a round trip to the GPU
  // process, too much for every small job).
  const shape = spec.bindings.map((b) => `${b.binding}:${b.source.size}`).join(',');
  const known = validatedShapes.get(pipeline);
  if (!known?.has(shape)) {
    device.pushErrorScope('validation');
    const encoder = device.createCommandEncoder({ label: `job:${spec.id}:validate` });
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(1); // encoded for validation only, never submitted
    pass.end();
    encoder.finish();
    const error = await device.popErrorScope();
    if (error) {
      release();
      throw new JobRejectedError([translateBindGroupError(error.message, spec, jobShape(spec.kernel.wgsl))]);
    }
    validatedShapes.set(pipeline, (known ?? new Set()).add(shape));
  }
  return { byBinding, bindGroup, release };
}

/** A GPU buffer to read back, under a key the caller picks. */
export interface Readback<K> {
  key: K;
  buffer: GPUBuffer;
  size: number;
}

/** Copies several buffers back to the host with one submit and one wait: each map is a round trip. */
export async function readBack<K>(
  device: GPUDevice,
  pool: BufferPool,
  sources: Readback<K>[],
  /** Work to submit ahead of the copies in the same command buffer (e.g. the last chunk). */
  encoder: GPUCommandEncoder = device.createCommandEncoder({ label: 'job:readback' }),
  /** Runs right after the submit, while the GPU works. */
  submitted?: () => void,
): Promise<Map<K, Uint8Array>> {
  // Small read-backs share one staging buffer (one map instead of one per source); large ones get
  // a buffer each (a shared one could exceed maxBufferSize). A staging buffer is read only over the
  // bytes the copies below write: no clear needed.
  const usage = GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ;
  const total = sources.reduce((sum, { size }) => sum + size, 0);
  const placed: { key: K; target: GPUBuffer; offset: number; size: number }[] = [];
  if (total <= POOL_MAX_BUFFER_BYTES) {
    const label = sources.length === 1 ? `${sources[0]!.buffer.label}:readback` : 'job:readback';
    const { buffer: target } = pool.take(label, Math.max(4, total), usage);
    let offset = 0;
    for (const { key, size } of sources) {
      placed.push({ key, target, offset, size });
      offset += size;
    }
  } else {
    for (const { key, buffer, size } of sources) {
      const { buffer: target } = pool.take(`${buffer.label}:readback`, size, usage);
      placed.push({ key, target, offset: 0, size });
    }
  }
  sources.forEach(({ buffer }, i) => {
    const { target, offset, size } = placed[i]!;
    encoder.copyBufferToBuffer(buffer, 0, target, offset, size);
  });
  const targets = [...new Set(placed.map((p) => p.target))];
  device.queue.submit([encoder.finish()]);
  submitted?.();
  const out = new Map<K, Uint8Array>();
  let done = false;
  try {
    await Promise.all(targets.map((target) => target.mapAsync(GPUMapMode.READ)));
    const ranges = new Map(targets.map((target) => [target, target.getMappedRange()]));
    for (const { key, target, offset, size } of placed)
      out.set(key, new Uint8Array(ranges.get(target)!.slice(offset, offset + size)));
    targets.forEach((target) => target.unmap());
    done = true;
  } finally {
    // After a failure a map may still be pending: such a buffer is destroyed, not kept.
    for (const target of targets) {
      if (done) pool.give(target);
      else target.destroy();
    }
  }
  return out;
}

/** Read-back entries for the given bindings of a job. */
export function bindingReadbacks(
  buffers: JobBuffers,
  bindings: { binding: number; source: { size: number } }[],
): Readback<number>[] {
  return bindings.map((b) => ({
    key: b.binding,
    buffer: buffers.byBinding.get(b.binding)!,
    size: b.source.size,
  }));
}
