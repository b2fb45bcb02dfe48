// What a worker task gets: the device, the gate it must pass between chunks (pause, throttle,
// cancel), and its duties toward the main side: a heartbeat after each submit (the watchdog's
// pulse) and progress for the person watching.
import type { ChunkGate } from './chunk-gate.js';
import type { GpuDeviceHandle, GpuSession } from './gpu-session.js';

export interface TaskContext {
  acquire(): Promise<GpuDeviceHandle>;
  /**
   * Submits, waits until the GPU is done, beats the heart; returns the wall time in ms. `submitted`
   * runs right after the submit, while the GPU works.
   */
  submit(device: GPUDevice, commands: GPUCommandBuffer[], submitted?: () => void): Promise<number>;
  progress(fraction: number, label: string): void;
  heartbeat(): void;
  gate: ChunkGate;
  session: GpuSession;
}

type Outbound = { kind: 'heartbeat' } | { kind: 'progress'; fraction: number; label: string };

export function createTaskContext(
  session: GpuSession,
  send: (message: Outbound) => void,
  gate: ChunkGate,
): TaskContext {
  return {
    acquire: () => session.acquire(),
    async submit(device, commands, submitted) {
      const start = performance.now();
      device.queue.submit(commands);
      submitted?.();
      await device.queue.onSubmittedWorkDone();
      const elapsed = performance.now() - start;
      session.checkLost(device);
      send({ kind: 'heartbeat' });
      return elapsed;
    },
    progress: (fraction, label) => send({ kind: 'progress', fraction, label }),
    heartbeat: () => send({ kind: 'heartbeat' }),
    gate,
    session,
  };
}
