// Result submission: check the receipt and the output (outside the write, it is CPU work), then in
// one commit record the result, settle the lease and credit the ledger. The ledger's UNIQUE(job_id)
// is the last word on "credited at most once": a second credit for a job fails the whole write.
import { randomUUID } from 'node:crypto';
import type { SubmitResultRequest, SubmitResultResponse } from '../../common/network-api.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { CoordinatorParams } from '../params.js';
import { ApiError } from './api-error.js';
import type { JobRow } from './jobs.js';
import type { DeviceRow } from './lifecycle.js';
import { rewardFor } from './rewards.js';
import { checkReceipt, ReceiptError, verifyOutput, type Verdict } from './verify.js';
import { sql } from '../store/statements.js';

/**
 * A settled job keeps its spec hash and check data (a tile's seed regenerates it) but drops the spec
 * body: its inline inputs are most of a job's bytes, and the queue settles hundreds a second.
 */
const SET_JOB_STATE = `UPDATE jobs SET state = @state,
  spec_json = CASE WHEN @state IN ('verified', 'failed') THEN '' ELSE spec_json END WHERE id = @id`;

/** A job that failed verification this often is dropped rather than handed out again. */
const MAX_ATTEMPTS = 3;

interface LeaseRow {
  id: string;
  job_id: string;
  device_id: string;
  state: 'active' | 'expired' | 'submitted' | 'cancelled';
}

export class ResultService {
  constructor(
    private readonly db: Db,
    private readonly commit: GroupCommit,
    private readonly params: CoordinatorParams,
    private readonly now: () => number,
  ) {}

  async submit(device: DeviceRow, submission: SubmitResultRequest): Promise<SubmitResultResponse> {
    const lease = sql(this.db, 'SELECT * FROM leases WHERE id = ?').get(submission.leaseId) as
      LeaseRow | undefined;
    if (!lease) throw new ApiError(404, 'unknown-lease', `lease ${submission.leaseId} does not exist`);
    if (lease.device_id !== device.id)
      throw new ApiError(403, 'not-your-lease', 'this lease belongs to another device');
    let job = this.job(lease.job_id);
    this.assertOpen(lease, job);
    let outputSha256: string;
    let verdict: Verdict;
    try {
      outputSha256 = checkReceipt(device.id, job, submission);
      verdict = verifyOutput(job, outputSha256, submission);
    } catch (error) {
      if (error instanceof ReceiptError) throw new ApiError(400, 'bad-receipt', error.message);
      throw error;
    }
    return this.commit.run(() => {
      // Re-read inside the write: another submission may have settled the job meanwhile.
      job = this.job(lease.job_id);
      this.assertOpen(sql(this.db, 'SELECT * FROM leases WHERE id = ?').get(lease.id) as LeaseRow, job);
      const now = this.now();
      sql(
        this.db,
        `INSERT INTO results (lease_id, job_id, device_id, receipt_json, output_sha256, kernel_ms, verified, reason, submitted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        lease.id,
        job.id,
        device.id,
        JSON.stringify(submission.receipt),
        outputSha256,
        submission.receipt.body.timings.kernelMs,
        verdict.verified === null ? null : verdict.verified ? 1 : 0,
        verdict.reason,
        now,
      );
      sql(this.db, `UPDATE leases SET state = 'submitted' WHERE id = ?`).run(lease.id);
      if (verdict.verified === true) return this.accept(job, device, verdict.reason, 'verified', now);
      if (verdict.verified === false) return this.reject(job, [device.id], verdict.reason);
      return this.settleTwin(job, device, lease.id, outputSha256, now);
    });
  }

  private job(id: string): JobRow {
    return sql(this.db, 'SELECT * FROM jobs WHERE id = ?').get(id) as JobRow;
  }

  private assertOpen(lease: LeaseRow, job: JobRow): void {
    if (lease.state === 'submitted')
      throw new ApiError(409, 'already-submitted', 'a result for this lease was already submitted');
    if (job.state === 'verified' || job.state === 'failed' || lease.state === 'cancelled')
      throw new ApiError(
        409,
        'job-closed',
        `job ${job.id} was already settled (${job.state}) through another lease; nothing credited`,
      );
    if (job.state === 'submitted')
      throw new ApiError(409, 'job-closed', `job ${job.id} already has a result awaiting its twin`);
  }

  private accept(
    job: JobRow,
    device: DeviceRow,
    reason: string,
    state: 'pending' | 'verified',
    now: number,
  ): SubmitResultResponse {
    const reward = rewardFor(this.params, job.flops, device.proven_class);
    sql(
      this.db,
      `INSERT INTO ledger (id, device_id, job_id, gross, fee, amount, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      randomUUID(),
      device.id,
      job.id,
      String(reward.gross),
      String(reward.fee),
      String(reward.amount),
      state,
      now,
    );
    sql(this.db, SET_JOB_STATE).run({ state: state === 'verified' ? 'verified' : 'submitted', id: job.id });
    sql(this.db, `UPDATE leases SET state = 'cancelled' WHERE job_id = ? AND state = 'active'`).run(job.id);
    return {
      jobId: job.id,
      outcome: state === 'verified' ? 'accepted' : 'waiting',
      reason,
      credited: String(reward.amount),
    };
  }

  private reject(job: JobRow, deviceIds: string[], reason: string): SubmitResultResponse {
    const next = job.attempts >= MAX_ATTEMPTS || job.verification === 'redundancy' ? 'failed' : 'queued';
    sql(this.db, SET_JOB_STATE).run({ state: next, id: job.id });
    for (const id of deviceIds)
      sql(this.db, 'UPDATE devices SET disagreements = disagreements + 1 WHERE id = ?').run(id);
    return { jobId: job.id, outcome: 'rejected', reason, credited: '0' };
  }

  /** Redundancy: the first copy waits (credit pending); the second settles both by hash agreement. */
  private settleTwin(
    job: JobRow,
    device: DeviceRow,
    leaseId: string,
    outputSha256: string,
    now: number,
  ): SubmitResultResponse {
    const twin = sql(
      this.db,
      `SELECT r.lease_id, r.job_id, r.device_id, r.output_sha256 FROM jobs t JOIN results r ON r.job_id = t.id
         WHERE t.group_id = ? AND t.id != ? AND t.state = 'submitted' AND r.verified IS NULL`,
    ).get(job.group_id, job.id) as
      { lease_id: string; job_id: string; device_id: string; output_sha256: string } | undefined;
    if (!twin) return this.accept(job, device, 'Waiting for the second copy of this job.', 'pending', now);
    const agree = twin.output_sha256 === outputSha256;
    const reason = agree
      ? 'Two devices agree on the output.'
      : `Disagreement with device ${twin.device_id} on the output hash; recorded against both.`;
    sql(this.db, 'UPDATE results SET verified = ?, reason = ? WHERE lease_id IN (?, ?)').run(
      agree ? 1 : 0,
      reason,
      twin.lease_id,
      leaseId,
    );
    sql(this.db, `UPDATE ledger SET state = ? WHERE job_id = ? AND state = 'pending'`).run(
      agree ? 'verified' : 'rejected',
      twin.job_id,
    );
    sql(this.db, SET_JOB_STATE).run({ state: agree ? 'verified' : 'failed', id: twin.job_id });
    if (agree) return this.accept(job, device, reason, 'verified', now);
    return this.reject(job, [device.id, twin.device_id], reason);
  }
}
