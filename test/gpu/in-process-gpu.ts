// An in-process TaskContext on the real adapter (lavapipe in CI) for kernel-vs-CPU tests. Kernel
// tests run Dawn in the vitest fork; the watchdog tests go through a real worker process instead.
import { create, globals } from 'webgpu';
import { ChunkGate } from '../../main/gpu/worker/chunk-gate.js';
import { DAWN_CREATE_OPTIONS, GpuSession } from '../../main/gpu/worker/gpu-session.js';
import { gpuWorkerEnv } from '../../main/gpu/host/worker-process.js';
import { createTaskContext, type TaskContext } from '../../main/gpu/worker/task-context.js';

Object.assign(globalThis, globals);
// Dawn on lavapipe wants XDG_RUNTIME_DIR, as the worker process gets it.
process.env.XDG_RUNTIME_DIR ??= gpuWorkerEnv().XDG_RUNTIME_DIR;

let session: GpuSession | undefined;

export function inProcessGpu(gate?: ChunkGate): TaskContext {
  session ??= new GpuSession(create(DAWN_CREATE_OPTIONS));
  const quiet = () => undefined;
  return createTaskContext(
    session,
    quiet,
    gate ?? new ChunkGate({ paused: quiet, resumed: quiet, heartbeat: quiet }),
  );
}
