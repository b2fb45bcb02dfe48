// The GPU side of one job run: a labelled buffer per binding, filled from the job's contents, the
// bind group (checked in an error scope, so a binding the shader does not declare is a clear
// rejection), and the read-back of outputs and checkpoints.
import type { JobSpec } from '../../../../common/job-spec.js';
import { writeBytes } from '../dispatch.js';
import { JobRejectedError } from './job-validation.js';
import { translateBindGroupError } from './dawn-messages.js';
import { jobShape } from './job-shader-check.js';

export type BindingContents = Map<number, Uint8Array | null>;

const validatedShapes = new WeakMap<GPUComputePipeline, Set<string>>();

export interface JobBuffers {
  byBinding: Map<number, GPUBuffer>;
  bindGroup: GPUBindGroup;
  destroy(): void;
}

export async function createJobBuffers(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  spec: JobSpec,
  contents: BindingContents,
): Promise<JobBuffers> {
  const byBinding = new Map<number, GPUBuffer>();
  for (const b of spec.bindings) {
    const usage =
      b.type === 'uniform'
        ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
        : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const buffer = device.createBuffer({
      label: `job:${spec.id}:binding${b.binding}`,
      size: b.source.size,
      usage,
    });
    const data = contents.get(b.binding);
    if (data) writeBytes(device, buffer, data);
    byBinding.set(b.binding, buffer);
  }
  const destroy = () => byBinding.forEach((buffer) => buffer.destroy());
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
      destroy();
      throw new JobRejectedError([translateBindGroupError(error.message, spec, jobShape(spec.kernel.wgsl))]);
    }
    validatedShapes.set(pipeline, (known ?? new Set()).add(shape));
  }
  return { byBinding, bindGroup, destroy };
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
  sources: Readback<K>[],
  /** Work to submit ahead of the copies in the same command buffer (e.g. the last chunk). */
  encoder: GPUCommandEncoder = device.createCommandEncoder({ label: 'job:readback' }),
): Promise<Map<K, Uint8Array>> {
  const staging = sources.map(({ key, buffer, size }) => {
    const target = device.createBuffer({
      label: `${buffer.label}:readback`,
      size,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    });
    encoder.copyBufferToBuffer(buffer, 0, target, 0, size);
    return { key, target };
  });
  device.queue.submit([encoder.finish()]);
  const out = new Map<K, Uint8Array>();
  try {
    await Promise.all(staging.map(({ target }) => target.mapAsync(GPUMapMode.READ)));
    for (const { key, target } of staging) out.set(key, new Uint8Array(target.getMappedRange().slice(0)));
  } finally {
    staging.forEach(({ target }) => target.destroy());
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
