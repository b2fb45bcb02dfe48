// The job queue: jobs enter 'queued', a lease hands one to a device until its expiry, an expired
// lease puts the job back in the queue. Leasing never picks both twins of a redundant pair for one
// device (agreement between a device and itself proves nothing).
import { randomUUID } from 'node:crypto';
import { KNOWN_GPUS } from '../../common/gpu-catalog.js';
import { jobMemoryBytes, jobSpecSchema, type JobSpecInput } from '../../common/job-spec.js';
import type { LeaseResponse, ProvenClass, VerificationMode } from '../../common/network-api.js';
import { specSha256 } from '../../common/node/hash.js';
import type { Db } from '../store/database.js';
import type { CoordinatorParams } from '../params.js';
import { jobMemoryCap, type DeviceRow } from './lifecycle.js';
import { formatBytes } from '../../common/format.js';
import { sql } from '../store/statements.js';

export interface JobRow {
  id: string;
  spec_json: string;
  spec_sha256: string;
  verification: VerificationMode;
  check_json: string;
  tier: number;
  flops: number;
  group_id: string | null;
  /** GPU memory the job needs (jobMemoryBytes): leased only to devices that proved as much. */
  memory_bytes: number;
  state: 'queued' | 'leased' | 'submitted' | 'verified' | 'failed';
  attempts: number;
}

export interface NewJob {
  spec: JobSpecInput;
  verification: VerificationMode;
  check: unknown;
  tier: number;
  flops: number;
  groupId?: string;
}

/** Tier 1 takes the big tiles: GPUs with 20+ vendor TFLOPS. 'software' and unclassed get tier 0. */
export function tierOf(gpuClass: ProvenClass | null): number {
  const known = KNOWN_GPUS.find((g) => g.id === gpuClass);
  return known && known.fp32Tflops >= 20 ? 1 : 0;
}

type Wait = { wait: NonNullable<LeaseResponse['wait']>; reason: string };

export class JobQueue {
  private readonly insertJob;
  private readonly pick;
  private readonly tooBig;
  private readonly insertLease;
  private readonly markLeased;
  private readonly overdue;
  private readonly expireLease;
  private readonly requeue;

  constructor(
    private readonly db: Db,
    private readonly params: CoordinatorParams,
  ) {
    this.insertJob = db.prepare(
      `INSERT INTO jobs (id, spec_json, spec_sha256, verification, check_json, tier, flops, group_id, memory_bytes,
         state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
    );
    this.pick = db.prepare(
      `SELECT id, spec_json, verification FROM jobs j WHERE state = 'queued' AND tier = ? AND memory_bytes <= ?
         AND (group_id IS NULL OR NOT EXISTS (SELECT 1 FROM jobs t JOIN leases l ON l.job_id = t.id
              WHERE t.group_id = j.group_id AND l.device_id = ?))
       ORDER BY created_at LIMIT 1`,
    );
    this.tooBig = db.prepare(
      `SELECT COUNT(*) AS n, MIN(memory_bytes) AS smallest FROM jobs
         WHERE state = 'queued' AND tier = ? AND memory_bytes > ?`,
    );
    this.insertLease = db.prepare(
      `INSERT INTO leases (id, job_id, device_id, leased_at, expires_at, state) VALUES (?, ?, ?, ?, ?, 'active')`,
    );
    this.markLeased = db.prepare(`UPDATE jobs SET state = 'leased', attempts = attempts + 1 WHERE id = ?`);
    this.overdue = db.prepare(`SELECT id, job_id FROM leases WHERE state = 'active' AND expires_at < ?`);
    this.expireLease = db.prepare(`UPDATE leases SET state = 'expired' WHERE id = ?`);
    this.requeue = db.prepare(`UPDATE jobs SET state = 'queued' WHERE id = ? AND state = 'leased'`);
  }

  /** Inside a commit. The spec is stored parsed (defaults filled in): receipts hash that form. */
  enqueue(job: NewJob, now: number): string {
    const spec = jobSpecSchema.parse(job.spec);
    this.insertJob.run(
      spec.id,
      JSON.stringify(spec),
      specSha256(spec),
      job.verification,
      JSON.stringify(job.check),
      job.tier,
      job.flops,
      job.groupId ?? null,
      jobMemoryBytes(spec),
      now,
    );
    return spec.id;
  }

  /** Inside a commit: expired leases give their jobs back to the queue. Returns how many. */
  expire(now: number): number {
    const rows = this.overdue.all(now) as { id: string; job_id: string }[];
    for (const row of rows) {
      this.expireLease.run(row.id);
      this.requeue.run(row.job_id);
    }
    return rows.length;
  }

  /** Inside a commit: up to `max` jobs for this device, or the reason there are none. */
  lease(device: DeviceRow, max: number, now: number): LeaseResponse {
    const refusal = this.refusal(device, now);
    if (refusal) return { jobs: [], ...refusal };
    this.expire(now);
    const expiresAt = now + this.params.leaseMs;
    const tier = tierOf(device.proven_class);
    const memoryCap = jobMemoryCap(device, this.params);
    const jobs: LeaseResponse['jobs'] = [];
    // One at a time: each lease must be visible to the next pick, so twins never land together.
    while (jobs.length < max) {
      const row = this.pick.get(tier, memoryCap, device.id) as
        Pick<JobRow, 'id' | 'spec_json' | 'verification'> | undefined;
      if (!row) break;
      const leaseId = randomUUID();
      this.insertLease.run(leaseId, row.id, device.id, now, expiresAt);
      this.markLeased.run(row.id);
      jobs.push({
        leaseId,
        expiresAt: new Date(expiresAt).toISOString(),
        verification: row.verification,
        spec: JSON.parse(row.spec_json) as LeaseResponse['jobs'][number]['spec'],
      });
    }
    return jobs.length
      ? { jobs, reason: null, wait: null }
      : { jobs, ...this.noJobReason(device, tier, memoryCap) };
  }

  /** Why a device that may lease got nothing: the queue is empty, or nothing in it fits its memory. */
  private noJobReason(device: DeviceRow, tier: number, memoryCap: number): Wait {
    const { n, smallest } = this.tooBig.get(tier, memoryCap) as { n: number; smallest: number | null };
    if (!n || smallest === null)
      return { wait: 'queue-empty', reason: 'No queued job for this device class right now.' };
    const memory =
      device.proven_memory_bytes !== null
        ? `the ${formatBytes(memoryCap)} of GPU memory this device proved`
        : `the ${formatBytes(memoryCap)} of GPU memory a device without a memory proof is leased jobs for`;
    const waiting = n === 1 ? 'the only one waiting' : `the smallest of the ${n} waiting`;
    return {
      wait: 'no-fit',
      reason: `No queued job fits ${memory}: ${waiting} needs ${formatBytes(smallest)}.`,
    };
  }

  private refusal(device: DeviceRow, now: number): Wait | null {
    if (device.status !== 'verified' && device.status !== 'cluster-ready')
      return { wait: 'not-eligible', reason: `Device is ${device.status}: ${device.status_reason}` };
    if (!device.accepting)
      return {
        wait: 'not-accepting',
        reason: `Device announced it is not accepting jobs${device.accepting_reason ? `: ${device.accepting_reason}` : ''}.`,
      };
    if (device.last_heartbeat_at === null || now - device.last_heartbeat_at > this.params.heartbeatFreshMs)
      return { wait: 'no-heartbeat', reason: 'No recent heartbeat: send one before asking for jobs.' };
    return null;
  }

  queuedCount(tier: number): number {
    return (
      sql(this.db, `SELECT COUNT(*) AS n FROM jobs WHERE state = 'queued' AND tier = ?`).get(tier) as {
        n: number;
      }
    ).n;
  }
}
