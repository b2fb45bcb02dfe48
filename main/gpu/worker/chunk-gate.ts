// Between two chunks of GPU work the worker asks the gate whether it may go on. The main side pauses,
// resumes, throttles (duty cycle) or cancels through control messages; none of them can interrupt a
// chunk already on the GPU, so yield latency is bounded by the chunk length (kept short).
import { TaskFailure } from './task-failure.js';

export class TaskCancelledError extends TaskFailure {
  override readonly name = 'TaskCancelledError';
  constructor() {
    super('cancelled', 'cancelled by the owner');
  }
}

export interface GateEvents {
  /** The GPU is idle and will stay idle until resume: the yield is complete. */
  paused(): void;
  resumed(): void;
  /** Sent while waiting so the watchdog knows the worker is alive, not stuck. */
  heartbeat(): void;
}

const WAIT_HEARTBEAT_MS = 250;

export class ChunkGate {
  private pausedFlag = false;
  private cancelled = false;
  private duty = 1;
  private wake: (() => void) | undefined;
  private inChunk = false;
  /** Time spent waiting (paused or duty-cycling), for the job's timings. */
  waitedMs = 0;

  constructor(private readonly events: GateEvents) {}

  pause(): void {
    this.pausedFlag = true;
    // Already between chunks (or not started): idle right now.
    if (!this.inChunk) this.events.paused();
  }

  resume(): void {
    if (!this.pausedFlag) return;
    this.pausedFlag = false;
    this.events.resumed();
    this.wake?.();
  }

  setDuty(duty: number): void {
    this.duty = Math.min(1, Math.max(0.05, duty));
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  get isPaused(): boolean {
    return this.pausedFlag;
  }

  /**
   * Call before each chunk with the last chunk's GPU time. Resolves when the chunk may run; throws
   * TaskCancelledError once cancelled.
   */
  async beforeChunk(lastChunkMs: number, deadline?: { at: number; onPassed: () => Error }): Promise<void> {
    this.inChunk = false;
    if (this.cancelled) throw new TaskCancelledError();
    if (this.duty < 1 && lastChunkMs > 0) {
      // Throttle: rest long enough that busy time / total time = duty.
      await this.wait(((1 - this.duty) / this.duty) * lastChunkMs, deadline);
    }
    if (this.pausedFlag) {
      this.events.paused();
      while (this.pausedFlag && !this.cancelled) await this.wait(Number.POSITIVE_INFINITY, deadline);
    }
    if (this.cancelled) throw new TaskCancelledError();
    this.inChunk = true;
  }

  /** The task is done with the GPU (so a pause arriving now is already complete). */
  finished(): void {
    this.inChunk = false;
  }

  private async wait(ms: number, deadline?: { at: number; onPassed: () => Error }): Promise<void> {
    const start = performance.now();
    const end = start + ms;
    while (performance.now() < end) {
      if (deadline && Date.now() > deadline.at) throw deadline.onPassed();
      const step = Math.min(WAIT_HEARTBEAT_MS, end - performance.now());
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), step);
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.wake = undefined;
      this.events.heartbeat();
      if (woken) break;
    }
    this.waitedMs += performance.now() - start;
  }
}
