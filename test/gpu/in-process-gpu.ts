// An in-process TaskContext on the real adapter (lavapipe in CI) for kernel-vs-CPU tests. Kernel
// tests run Dawn in the vitest fork; the watchdog tests go through a real worker process instead.
import { create, globals } from 'webgpu';
import { ChunkGate } from '../../main/gpu/chunk-gate.js';
import { GpuSession } from '../../main/gpu/gpu-session.js';
import { gpuWorkerEnv } from '../../main/gpu/worker-process.js';
import { createTaskContext, type TaskContext } from '../../main/gpu/task-context.js';

Object.assign(globalThis, globals);
// Dawn on lavapipe wants XDG_RUNTIME_DIR, as the worker process gets it.
process.env.XDG_RUNTIME_DIR ??= gpuWorkerEnv().XDG_RUNTIME_DIR;

let session: GpuSession | undefined;

export function inProcessGpu(gate?: ChunkGate): TaskContext {
  session ??= new GpuSession(create([]));
  const quiet = () => undefined;
  return createTaskContext(
    session,
    quiet,
    gate ?? new ChunkGate({ paused: quiet, resumed: quiet, heartbeat: quiet }),
  );
}

/** Deterministic pseudo-random numbers for test inputs (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
