// Runs one validated job in the GPU worker: chunk after chunk through the gate (pause, throttle,
// cancel), a snapshot of the read-write buffers now and then when the job allows checkpoints, and
// recovery from a device loss by rebuilding everything on a fresh device from the last snapshot.
import type { JobRunResult, JobSpec } from '../../../../common/job-spec.js';
import { sha256Hex } from '../../../../common/node/hash.js';
import { writeBytes } from '../dispatch.js';
import type { BufferPool } from '../buffer-pool.js';
import { DeviceLostError, type GpuDeviceHandle } from '../gpu-session.js';
import { TaskFailure } from '../task-failure.js';
import type { TaskContext } from '../task-context.js';
import { ShaderCompileError, type BufferLayout } from '../pipeline-cache.js';
import {
  bindingReadbacks,
  createJobBuffers,
  readBack,
  type BindingContents,
  type JobBuffers,
  type Readback,
} from './job-buffers.js';
import { ChunkTimer } from './chunk-timer.js';
import { checkJobLimits, JobRejectedError } from './job-validation.js';
import { checkJobShader, jobShape } from './job-shader-check.js';
import { translateShaderError } from './dawn-messages.js';

/** How often a checkpointable job snapshots its buffers (BOINC's default is 60 s). */
export const CHECKPOINT_INTERVAL_MS = 10_000;
const MAX_DEVICE_LOSSES = 2;

interface Snapshot {
  nextChunk: number;
  contents: BindingContents;
  /** The uniform bytes in force: chunks without their own uniform reuse the last one. */
  lastUniform: Uint8Array | undefined;
}

interface RunState {
  snapshot: Snapshot;
  deviceLosses: number;
  maxChunkMs: number;
  kernelMs: number;
  cacheHit: boolean | undefined;
}

/**
 * @param inputs content-addressed inputs by sha256, already resolved (and hash-checked) by the caller
 */
export async function runJob(
  ctx: TaskContext,
  spec: JobSpec,
  inputs: Map<string, Uint8Array>,
  options: {
    checkpointIntervalMs?: number;
    /** When the worker took the job up (before parsing it): totalMs counts all its time in the worker. */
    startedAt?: number;
  } = {},
): Promise<JobRunResult> {
  const started = options.startedAt ?? performance.now();
  const deadlineAt = Date.now() + spec.deadlineMs;
  let handle = await ctx.acquire();
  const rejections = [
    ...checkJobLimits(spec, handle.device.limits),
    ...checkJobShader(spec, handle.device.limits),
  ];
  if (rejections.length) throw new JobRejectedError(rejections);

  const state: RunState = {
    snapshot: { nextChunk: 0, contents: initialContents(spec, inputs), lastUniform: undefined },
    deviceLosses: 0,
    maxChunkMs: 0,
    kernelMs: 0,
    cacheHit: undefined,
  };
  for (;;) {
    try {
      const outputs = await runChunks(
        ctx,
        handle,
        spec,
        state,
        deadlineAt,
        options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS,
      );
      return {
        jobId: spec.id,
        outputs,
        timings: {
          totalMs: performance.now() - started,
          kernelMs: state.kernelMs,
          pausedMs: ctx.gate.waitedMs,
          chunks: spec.dispatch.chunks.length,
          maxChunkMs: state.maxChunkMs,
          pipelineCacheHit: state.cacheHit ?? false,
          deviceLosses: state.deviceLosses,
        },
      };
    } catch (error) {
      const lost = error instanceof DeviceLostError || (await ctx.session.wasLost(handle.device));
      if (!lost || state.deviceLosses >= MAX_DEVICE_LOSSES) throw error;
      state.deviceLosses++;
      handle = await ctx.acquire(); // a fresh device; the job resumes from its last snapshot
    }
  }
}

const BINDING_TYPES = {
  'storage-read': 'read-only-storage',
  storage: 'storage',
  uniform: 'uniform',
} as const;

/** The spec's declared bindings as an explicit layout: a shader that disagrees is refused. */
function jobLayout(spec: JobSpec): BufferLayout {
  return spec.bindings.map((b) => ({ binding: b.binding, type: BINDING_TYPES[b.type] }));
}

function initialContents(spec: JobSpec, inputs: Map<string, Uint8Array>): BindingContents {
  const contents: BindingContents = new Map();
  for (const b of spec.bindings) {
    const source = b.source;
    if (source.kind === 'inline')
      contents.set(b.binding, new Uint8Array(Buffer.from(source.base64, 'base64')));
    else if (source.kind === 'zero') contents.set(b.binding, null);
    else {
      const bytes = inputs.get(source.sha256);
      if (!bytes)
        throw new TaskFailure('job-rejected', `job rejected: input ${source.sha256} was not supplied`);
      contents.set(b.binding, bytes);
    }
  }
  return contents;
}

async function runChunks(
  ctx: TaskContext,
  { device, pipelines, buffers: pool }: GpuDeviceHandle,
  spec: JobSpec,
  state: RunState,
  deadlineAt: number,
  checkpointIntervalMs: number,
): Promise<JobRunResult['outputs']> {
  const kernel = `job-${sha256Hex(spec.kernel.wgsl).slice(0, 32)}`;
  const { constants, entryPoint, wgsl } = spec.kernel;
  const layout = jobLayout(spec);
  state.cacheHit ??= pipelines.has(kernel, constants, entryPoint, layout);
  const pipeline = await pipelines
    .get(kernel, wgsl, constants, entryPoint, layout)
    .catch((error: unknown) => {
      // What the static checks could not decide, in the job author's words rather than Dawn's.
      if (error instanceof ShaderCompileError)
        throw new JobRejectedError([translateShaderError(error, spec, jobShape(wgsl))]);
      throw error;
    });
  const { snapshot } = state;
  const buffers = await createJobBuffers(device, pool, pipeline, spec, snapshot.contents);
  // Set-up done: from the first heartbeat on, the watchdog holds each chunk to the chunk budget. It
  // goes out right after the first submit, while the GPU runs that chunk, rather than before
  // encoding it (a small job waits on nothing else). A pause before the first chunk beats too.
  let setUpAnnounced = false;
  const setUpDone = () => {
    if (setUpAnnounced) return;
    setUpAnnounced = true;
    ctx.heartbeat();
  };
  const chunks = spec.dispatch.chunks;
  const timer = new ChunkTimer(device, pool, chunks.length - snapshot.nextChunk);
  const uniformBuffer =
    spec.dispatch.uniformBinding === undefined
      ? undefined
      : buffers.byBinding.get(spec.dispatch.uniformBinding);
  const deadline = {
    at: deadlineAt,
    onPassed: () => new TaskFailure('deadline', `deadline of ${spec.deadlineMs} ms passed`),
  };
  try {
    if (uniformBuffer && snapshot.lastUniform) writeBytes(device, uniformBuffer, snapshot.lastUniform);
    let lastMs = 0;
    let lastSnapshotAt = performance.now();
    let lastProgressAt = 0;
    let finalEncoder: GPUCommandEncoder | undefined;
    for (let i = snapshot.nextChunk; i < chunks.length; i++) {
      await ctx.gate.beforeChunk(lastMs, deadline);
      if (Date.now() > deadlineAt) throw deadline.onPassed();
      const chunk = chunks[i]!;
      let uniform = snapshot.lastUniform;
      if (chunk.uniform !== undefined && uniformBuffer) {
        uniform = new Uint8Array(Buffer.from(chunk.uniform, 'base64'));
        writeBytes(device, uniformBuffer, uniform);
      }
      const encoder = device.createCommandEncoder({ label: `job:${spec.id}:chunk${i}` });
      const timestampWrites = timer.passWrites();
      const pass = encoder.beginComputePass({
        label: `job:${spec.id}:chunk${i}`,
        ...(timestampWrites ? { timestampWrites } : {}),
      });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, buffers.bindGroup);
      pass.dispatchWorkgroups(...chunk.workgroups);
      pass.end();
      timer.afterPass(encoder);
      if (i === chunks.length - 1) {
        finalEncoder = encoder; // the last chunk travels with the read-back: one round trip fewer
        break;
      }
      lastMs = await ctx.submit(device, [encoder.finish()], setUpDone);
      timer.submitted(lastMs);
      state.maxChunkMs = Math.max(state.maxChunkMs, lastMs);

      const now = performance.now();
      if (spec.checkpoint && now - lastSnapshotAt >= checkpointIntervalMs && i + 1 < chunks.length) {
        state.snapshot = await takeSnapshot(device, pool, buffers, spec, state.snapshot, i + 1, uniform);
        lastSnapshotAt = performance.now();
      }
      if (now - lastProgressAt > 250) {
        ctx.progress((i + 1) / chunks.length, `chunk ${i + 1} of ${chunks.length}`);
        lastProgressAt = now;
      }
    }
    if (finalEncoder) timer.recorded();
    const outputs = spec.bindings.filter((b) => b.output);
    const stamps = timer.readback();
    const sources: Readback<number | 'timestamps'>[] = bindingReadbacks(buffers, outputs);
    if (stamps) sources.push({ key: 'timestamps', ...stamps });
    const readStartedAt = performance.now();
    const bytes = await readBack(device, pool, sources, finalEncoder, setUpDone);
    const finalMs = performance.now() - readStartedAt;
    ctx.heartbeat();
    if (finalEncoder) {
      timer.addWallMs(finalMs);
      state.maxChunkMs = Math.max(state.maxChunkMs, finalMs);
    }
    state.kernelMs += timer.totalMs(bytes.get('timestamps'));
    return outputs.map((b) => {
      const data = bytes.get(b.binding)!;
      return { binding: b.binding, bytes: data, sha256: sha256Hex(data) };
    });
  } finally {
    timer.destroy();
    buffers.release();
  }
}

async function takeSnapshot(
  device: GPUDevice,
  pool: BufferPool,
  buffers: JobBuffers,
  spec: JobSpec,
  previous: Snapshot,
  nextChunk: number,
  lastUniform: Uint8Array | undefined,
): Promise<Snapshot> {
  const writable = spec.bindings.filter((b) => b.type === 'storage');
  const bytes = await readBack(device, pool, bindingReadbacks(buffers, writable));
  const contents: BindingContents = new Map(previous.contents);
  for (const [binding, data] of bytes) contents.set(binding, data);
  return { nextChunk, contents, lastUniform };
}
