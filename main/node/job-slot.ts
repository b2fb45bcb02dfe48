// The node's one job at a time: run a lease kept from before a restart, or lease a new job, run it
// in the GPU worker and put its signed result in the outbox. A job the owner paused waits in the
// worker for a while, then is cancelled (freeing the GPU) and redone later if its lease still holds.
import type { NodeState } from '../../common/dashboard-api.js';
import type { GovernorDecision } from '../../common/governor.js';
import type { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import type { DeviceIdentity } from '../identity/device-identity.js';
import { JobFailedError } from '../gpu/host/job-executor.js';
import type { CoordinatorClient } from '../network/coordinator-client.js';
import type { NodeStore } from '../store/node-store.js';
import { runLeasedJob, type LeasedJob } from './job-round.js';

export interface JobSlotOptions {
  store: NodeStore;
  client: CoordinatorClient;
  worker: GpuWorkerClient;
  identity: DeviceIdentity;
  pauseHoldMs: number;
  /** The governor's latest decision pauses the GPU. */
  pausedNow(): boolean;
  setPhase(phase: NodeState['phase']): void;
  /** The job's progress changed: tell the UI. */
  changed(): void;
  log(message: string): void;
  /** Sends the results the outbox holds (the one just computed among them). */
  deliver(): Promise<unknown>;
}

export class JobSlot {
  current: NodeState['job'] = null;
  lastJobAt: number | null = null;
  /** Why the last lease brought nothing (shown: a job too big for the proven memory is not earning). */
  noJob: NodeState['noJob'] = null;
  private pausedTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: JobSlotOptions) {}

  /** Runs a kept lease or a newly leased job; false when the network had none. */
  async work(): Promise<boolean> {
    this.abandonExpiredLeases();
    const kept = this.o.store.leases()[0];
    let job: LeasedJob | undefined = kept ? (JSON.parse(kept.leasedJson) as LeasedJob) : undefined;
    if (!job) {
      const answer = await this.o.client.lease(1);
      job = answer.jobs[0];
      if (!job) {
        this.noJob = answer.wait ? { wait: answer.wait, reason: answer.reason ?? '' } : null;
        this.o.setPhase('ready');
        this.o.changed();
        return false;
      }
      this.noJob = null;
      const lease = { leaseId: job.leaseId, jobId: job.spec.id, leasedJson: JSON.stringify(job) };
      this.o.store.addLease({ ...lease, expiresAt: Date.parse(job.expiresAt) }, Date.now());
    }
    await this.run(job, !kept);
    await this.o.deliver();
    return true;
  }

  /** @param specParsed the job came with a lease response just parsed, not from the store */
  private async run(job: LeasedJob, specParsed: boolean): Promise<void> {
    this.current = { jobId: job.spec.id, startedAt: Date.now(), progress: 0 };
    this.o.setPhase('computing');
    // The owner may have paused while the lease was on its way: the job then starts paused, and no
    // later decision would start its clock.
    if (this.o.pausedNow()) this.startPauseClock();
    try {
      const onProgress = (fraction: number) => {
        this.current = { ...this.current!, progress: fraction };
        this.o.changed();
      };
      const { submission, kernelMs } = await runLeasedJob(
        this.o.worker,
        this.o.identity,
        job,
        onProgress,
        specParsed,
      );
      this.o.store.completeLease(job.leaseId, submission, kernelMs, Date.now());
    } catch (error) {
      if (!(error instanceof JobFailedError)) throw error;
      // Preempted (the owner came back), cancelled (stopping, paused too long): kept and redone.
      if (error.code === 'preempted' || error.code === 'cancelled')
        this.o.log(`job ${job.spec.id}: ${error.message}; it runs again later`);
      else {
        this.o.store.abandonLease(job.leaseId, 'failed', error.message, Date.now());
        this.o.log(`job ${job.spec.id} failed: ${error.message}`);
      }
    } finally {
      this.current = null;
      this.lastJobAt = Date.now();
      this.clearPausedTimer();
      this.o.setPhase('ready');
    }
  }

  /** Called with every governor decision: start or stop the clock on a paused job. */
  onDecision(decision: GovernorDecision): void {
    if (decision.action !== 'pause' || !this.current) return this.clearPausedTimer();
    this.startPauseClock();
  }

  private startPauseClock(): void {
    this.pausedTimer ??= setTimeout(() => {
      this.pausedTimer = null;
      if (this.current && this.o.pausedNow()) this.o.worker.cancel();
    }, this.o.pauseHoldMs);
  }

  /** Expired leases were requeued by the network: running them now would earn nothing. */
  abandonExpiredLeases(): void {
    const now = Date.now();
    for (const lease of this.o.store.leases())
      if (lease.expiresAt <= now)
        this.o.store.abandonLease(
          lease.leaseId,
          'abandoned',
          'the lease expired before the job could run',
          now,
        );
  }

  private clearPausedTimer(): void {
    if (this.pausedTimer) clearTimeout(this.pausedTimer);
    this.pausedTimer = null;
  }
}
