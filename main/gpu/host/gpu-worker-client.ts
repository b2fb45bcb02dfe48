// The main side's handle on the GPU worker: typed calls, one at a time, guarded by a watchdog.
//
// Why a watchdog from outside: with Dawn in-process an endless shader blocks forever (even
// device.destroy() blocks), so the only reliable cancel is to kill the process. The worker sends a
// heartbeat after every completed submit; silence longer than the submit budget means a submit has
// overrun, and the worker is killed. The caller gets GpuTimeoutError, the next call a fresh worker.
import { workerMessageSchema, type WorkerMessage } from '../protocol.js';
import {
  GpuPreemptedError,
  GpuTaskError,
  GpuTimeoutError,
  GpuWorkerCrashedError,
  GpuWorkerStoppedError,
} from './errors.js';
import type { WorkerProcess, WorkerSpawner } from './worker-process.js';
import type { WorkerTaskName, WorkerTaskParams, WorkerTaskResult } from '../worker/worker-tasks.js';

export interface CallOptions {
  /** Longest silence allowed between two heartbeats of this call. */
  submitBudgetMs?: number;
  /**
   * Longest wait for the first heartbeat, when set-up needs longer than a submit: a job's shader
   * compile and uploads (bounded too: a compile bomb is killed like an endless shader).
   */
  firstBudgetMs?: number;
  onProgress?: (fraction: number, label: string) => void;
}

export interface GpuWorkerClientOptions {
  spawner: WorkerSpawner;
  /** Default longest silence between heartbeats. Generous: submits aim at ~100-250 ms. */
  submitBudgetMs?: number;
  /**
   * Hard yield: when a pause has not reached the GPU this long after it was asked (a chunk running
   * long: CPU adapters have a long tail), kill the worker rather than keep the owner waiting. The
   * task fails as GpuPreemptedError and is run again later. Default 80 ms; Infinity turns it off.
   */
  hardYieldMs?: number;
}

export const DEFAULT_HARD_YIELD_MS = 80;

interface Pending {
  id: number;
  task: string;
  budgetMs: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress: ((fraction: number, label: string) => void) | undefined;
  /** Callers of pause() waiting for the worker to say the GPU is idle. */
  pauseWaiters: (() => void)[];
  /**
   * Still within its set-up budget (firstBudgetMs): until the worker's first heartbeat or progress,
   * a 'paused' or 'resumed' (a task sent while the owner paused says so before it has compiled)
   * must not cut the longer set-up budget down to the submit budget.
   */
  settingUp: boolean;
}

export const DEFAULT_SUBMIT_BUDGET_MS = 10_000;

export class GpuWorkerClient {
  private worker: WorkerProcess | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private stopped = false;
  /** What the governor last asked for: applied to every task as it starts, not only the current one. */
  private readonly desired = { paused: false, duty: 1 };
  /** How many workers were started: lets the UI and tests see restarts. */
  restarts = -1;

  constructor(private readonly options: GpuWorkerClientOptions) {}

  call<K extends WorkerTaskName>(
    task: K,
    params: WorkerTaskParams<K>,
    options: CallOptions = {},
  ): Promise<WorkerTaskResult<K>> {
    // One task at a time: benchmarks time the GPU, and jobs must not share it unknowingly.
    const run = this.queue.then(() => this.send(task, params, options));
    this.queue = run.catch(() => undefined);
    return run as Promise<WorkerTaskResult<K>>;
  }

  /**
   * Ends an idle worker to give its memory back (the owner paused for a while: a game wants the VRAM
   * and RAM, and an idle Dawn still wakes up now and then); the next call starts a fresh one, which
   * does not count as a restart. False, and nothing done, while a task runs or none is running.
   */
  release(): boolean {
    if (this.pending || !this.worker || this.stopped) return false;
    this.kill();
    this.released = true;
    return true;
  }

  /** The worker was ended by release(), not lost: its successor is no restart. */
  private released = false;

  /** Kills the worker; a pending call fails with GpuWorkerStoppedError. */
  stop(): void {
    this.stopped = true;
    const pending = this.pending;
    this.kill();
    if (pending) this.settle(pending, new GpuWorkerStoppedError(pending.task));
  }

  /**
   * Asks the running task to stop between chunks, and every later task to wait before its first
   * chunk, until resume(). Resolves with the yield latency in ms once the worker reports the GPU
   * idle (or the task ended); at once when nothing runs.
   */
  pause(): Promise<number> {
    this.desired.paused = true;
    const pending = this.pending;
    if (!pending || !this.worker) return Promise.resolve(0);
    const started = performance.now();
    const idle = new Promise<number>((resolve) =>
      pending.pauseWaiters.push(() => resolve(performance.now() - started)),
    );
    this.worker.send({ kind: 'control', id: pending.id, action: 'pause' });
    const hardYieldMs = this.options.hardYieldMs ?? DEFAULT_HARD_YIELD_MS;
    if (Number.isFinite(hardYieldMs)) {
      const timer = setTimeout(() => {
        if (this.pending !== pending || pending.pauseWaiters.length === 0) return;
        this.kill(); // SIGKILL: the process and its GPU work are gone at once
        this.settle(pending, new GpuPreemptedError(pending.task, hardYieldMs));
      }, hardYieldMs);
      void idle.then(() => clearTimeout(timer));
    }
    return idle;
  }

  resume(): void {
    this.desired.paused = false;
    this.control('resume');
  }

  /** Throttles the running task and later ones: the GPU busy for `duty` of the time (0.05 to 1). */
  setDuty(duty: number): void {
    this.desired.duty = duty;
    this.control('duty', duty);
  }

  /** Ends the running task at its next chunk boundary (it fails with code 'cancelled'). */
  cancel(): void {
    this.control('cancel');
  }

  private control(action: 'resume' | 'duty' | 'cancel', duty?: number): void {
    const pending = this.pending;
    if (pending && this.worker) this.worker.send({ kind: 'control', id: pending.id, action, duty });
  }

  get workerPid(): number | undefined {
    return this.worker?.pid;
  }

  private send(task: string, params: unknown, options: CallOptions): Promise<unknown> {
    if (this.stopped) return Promise.reject(new GpuWorkerStoppedError(task));
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        id: this.nextId++,
        task,
        budgetMs: options.submitBudgetMs ?? this.options.submitBudgetMs ?? DEFAULT_SUBMIT_BUDGET_MS,
        timer: undefined,
        resolve,
        reject,
        onProgress: options.onProgress,
        pauseWaiters: [],
        settingUp: options.firstBudgetMs !== undefined,
      };
      this.pending = pending;
      this.arm(pending, options.firstBudgetMs);
      worker.send({ kind: 'request', id: pending.id, task, params });
      if (this.desired.paused) worker.send({ kind: 'control', id: pending.id, action: 'pause' });
      if (this.desired.duty < 1)
        worker.send({ kind: 'control', id: pending.id, action: 'duty', duty: this.desired.duty });
    });
  }

  private ensureWorker(): WorkerProcess {
    if (this.worker) return this.worker;
    const worker = this.options.spawner();
    if (this.released) this.released = false;
    else this.restarts++;
    worker.onMessage((raw) => this.onMessage(worker, raw));
    worker.onExit((code, signal) => this.onExit(worker, code, signal));
    this.worker = worker;
    return worker;
  }

  private arm(pending: Pending, budgetMs = pending.budgetMs): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      this.kill();
      this.settle(pending, new GpuTimeoutError(pending.task, budgetMs));
    }, budgetMs);
  }

  private onMessage(worker: WorkerProcess, raw: unknown): void {
    if (worker !== this.worker) return; // a message from a worker we already gave up on
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message: WorkerMessage = parsed.data;
    const pending = this.pending;
    if (message.kind === 'ready' || !pending || message.id !== pending.id) return;
    switch (message.kind) {
      case 'heartbeat':
        pending.settingUp = false;
        this.arm(pending);
        break;
      case 'resumed':
        if (!pending.settingUp) this.arm(pending);
        break;
      case 'paused':
        if (!pending.settingUp) this.arm(pending);
        pending.pauseWaiters.splice(0).forEach((done) => done());
        break;
      case 'progress':
        pending.settingUp = false;
        this.arm(pending);
        pending.onProgress?.(message.fraction, message.label);
        break;
      case 'result':
        this.settle(pending, undefined, message.value);
        break;
      case 'error':
        this.settle(pending, new GpuTaskError(pending.task, message.error.code, message.error.message));
        break;
    }
  }

  private onExit(worker: WorkerProcess, code: number | null, signal: string | null): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    const pending = this.pending;
    if (pending) {
      const exit = signal ? `killed by ${signal}` : `exit code ${code}`;
      this.settle(pending, new GpuWorkerCrashedError(pending.task, exit, worker.stderrTail()));
    }
  }

  private kill(): void {
    const worker = this.worker;
    this.worker = undefined;
    worker?.kill();
  }

  private settle(pending: Pending, error: Error | undefined, value?: unknown): void {
    if (this.pending !== pending) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.pauseWaiters.splice(0).forEach((done) => done()); // an ended task holds no GPU
    if (error) pending.reject(error);
    else pending.resolve(value);
  }
}
