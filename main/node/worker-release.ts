// A minute into a pause with nothing running, the GPU worker process is ended: its RAM and GPU memory
// go back to the owner (a game wants them) and an idle Dawn stops waking up. The next piece of work
// starts a fresh worker (GpuWorkerClient.release()).
import type { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';

export interface WorkerReleaseOptions {
  worker: Pick<GpuWorkerClient, 'release'>;
  afterMs: number;
  /** A job, proof or benchmark is using the worker: try again later. */
  busy(): boolean;
  log(message: string): void;
}

export class IdleWorkerRelease {
  private timer: NodeJS.Timeout | null = null;
  private paused = false;

  constructor(private readonly o: WorkerReleaseOptions) {}

  /** Called with every decision: a pause arms the clock, anything else disarms it. */
  update(paused: boolean): void {
    this.paused = paused;
    if (!paused) return this.stop();
    this.timer ??= setTimeout(() => this.fire(), this.o.afterMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private fire(): void {
    this.timer = null;
    if (this.o.busy()) return this.update(this.paused);
    if (this.o.worker.release())
      this.o.log('paused: the GPU worker was ended to free its memory; it starts again with the next work');
  }
}
