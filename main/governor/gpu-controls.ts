// Turns the governor's per-GPU decisions into calls on the GPU worker: pause, resume, duty.
//
// A call goes out only when a GPU's decision changed: the governor re-decides several times a second
// and each call is an IPC message to the worker. A job that starts afresh in the worker knows none of
// the earlier calls (a new task runs at full duty), so the caller forgets what was applied then.
import type { GovernorDecision } from '../../common/governor.js';

/** One GPU's controls; GpuWorkerClient satisfies it. */
export interface GpuControl {
  /** Resolves with the yield latency (ms) once the GPU is idle between chunks. */
  pause(): Promise<number>;
  resume(): void;
  setDuty(duty: number): void;
}

export class GpuControlApplier {
  /** The duty last applied per GPU id (0: paused). */
  private readonly applied = new Map<string, number>();

  constructor(
    private readonly controls: ReadonlyMap<string, GpuControl>,
    private readonly log: (message: string) => void,
  ) {}

  /** The duty this GPU was last told to run at; undefined when nothing was applied yet. */
  dutyOf(gpuId: string): number | undefined {
    return this.applied.get(gpuId);
  }

  /** Forget what was applied, so the next decision is sent in full (a new job started). */
  forget(): void {
    this.applied.clear();
  }

  apply(decision: GovernorDecision): void {
    for (const gpu of decision.gpus) {
      const control = this.controls.get(gpu.gpuId);
      if (!control) continue;
      const duty = gpu.action === 'pause' ? 0 : gpu.action === 'run' ? 1 : gpu.duty;
      const last = this.applied.get(gpu.gpuId);
      if (last === duty) continue;
      this.applied.set(gpu.gpuId, duty);
      try {
        if (duty === 0) {
          control.pause().catch((error: unknown) => this.log(`${gpu.label}: pause failed: ${String(error)}`));
          continue;
        }
        if (last === undefined || last === 0) control.resume();
        control.setDuty(duty);
      } catch (error) {
        // A worker that is gone or restarting: try again at the next decision.
        this.applied.delete(gpu.gpuId);
        this.log(`${gpu.label}: could not apply "${gpu.action}": ${String(error)}`);
      }
    }
  }
}
