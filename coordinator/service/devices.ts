// The device registry: registration, heartbeats, and the explicit status events (proof of GPU
// passed or failed, blocks). Every write goes through the group commit; every status change is
// pushed to the device once it is on disk.
import type {
  DeviceStatusResponse,
  HeartbeatRequest,
  ProvenClass,
  RegisterRequest,
} from '../../common/network-api.js';
import { registerRequestSchema } from '../../common/network-api.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { CoordinatorParams } from '../params.js';
import { evaluateStatus, proofOverdue, type DeviceRow, type StatusDecision } from './lifecycle.js';
import { sql } from '../store/statements.js';

/** Staked IO (base units) behind a device; the staking work plugs the chain in here. */
export type StakeLookup = (deviceId: string) => Promise<bigint>;

export interface DeviceServiceOptions {
  db: Db;
  commit: GroupCommit;
  params: CoordinatorParams;
  stakeOf: StakeLookup;
  now: () => number;
  onStatusChanged: (deviceId: string, decision: StatusDecision) => void;
  /** A verified device's next proof has fallen due (once per due time). */
  onProofDue?: (deviceId: string) => void;
}

/** A change of the stored base status; the optional parts are left as they are when absent. */
export interface BaseChange {
  base: DeviceRow['base_status'];
  reason: string;
  nextCheckAt: number | null;
  proven?: { provenClass: ProvenClass | null; gflops: number; memoryBytes: number | null };
  proofDueAt?: number | null;
}

/** A failed proof may be retried at `retryAt`: that is also when the next proof is due. */
export const failedChange = (reason: string, retryAt: number | null): BaseChange => ({
  base: 'failed',
  reason,
  nextCheckAt: retryAt,
  proofDueAt: retryAt,
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class DeviceService {
  /** Due times already hinted per device, so a sweep pushes 'proof-due' once per due time. */
  private readonly dueHinted = new Map<string, number>();

  constructor(private readonly o: DeviceServiceOptions) {}

  get(deviceId: string): DeviceRow | undefined {
    return sql(this.o.db, 'SELECT * FROM devices WHERE id = ?').get(deviceId) as DeviceRow | undefined;
  }

  toResponse(row: DeviceRow): DeviceStatusResponse {
    return {
      deviceId: row.id,
      status: row.status,
      reason: row.status_reason,
      nextCheckAt: iso(row.next_check_at),
      claimedClass: row.claimed_class,
      provenClass: row.proven_class,
      registeredAt: iso(row.registered_at)!,
      proofDueAt: row.base_status === 'blocked' ? null : iso(row.proof_due_at),
      provenMemoryBytes: row.proven_memory_bytes,
    };
  }

  /** Registering again updates hardware and benchmark; it never resets a status or earnings. */
  async register(deviceId: string, publicKey: Uint8Array, input: RegisterRequest): Promise<DeviceRow> {
    const body = registerRequestSchema.parse(input);
    const now = this.o.now();
    await this.o.commit.run(() =>
      sql(
        this.o.db,
        `INSERT INTO devices (id, public_key, hardware_json, benchmark_json, gpu_count, claimed_class,
             base_status, status, status_reason, next_check_at, registered_at, last_heartbeat_at, online_since,
             proof_due_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', 'pending', ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET hardware_json = excluded.hardware_json,
             benchmark_json = excluded.benchmark_json, gpu_count = excluded.gpu_count,
             claimed_class = excluded.claimed_class`,
      ).run(
        deviceId,
        publicKey,
        JSON.stringify(body.hardware),
        JSON.stringify(body.benchmark),
        body.gpuCount,
        body.claimedClass,
        'Registered; waiting for the proof of GPU that confirms the claimed GPU class.',
        now + this.o.params.firstProofDelayMs,
        now,
        now,
        now,
        now + this.o.params.firstProofDelayMs,
      ),
    );
    if (this.o.params.trustClaimedClass && this.get(deviceId)!.base_status === 'pending')
      await this.markVerified(deviceId, body.claimedClass, body.benchmark.matmulGflops);
    return this.get(deviceId)!;
  }

  async heartbeat(deviceId: string, body: HeartbeatRequest): Promise<DeviceRow> {
    const stake = await this.o.stakeOf(deviceId);
    const now = this.o.now();
    const fresh = this.o.params.heartbeatFreshMs;
    await this.o.commit.run(() => {
      // Uptime restarts when the previous heartbeat is too old: it measures an unbroken run.
      sql(
        this.o.db,
        `UPDATE devices SET online_since = CASE WHEN last_heartbeat_at IS NULL OR ? - last_heartbeat_at > ?
             OR online_since IS NULL THEN ? ELSE online_since END,
             last_heartbeat_at = ?, accepting = ?, accepting_reason = ? WHERE id = ?`,
      ).run(now, fresh, now, now, body.accepting ? 1 : 0, body.reason, deviceId);
      this.applyStatus(deviceId, now, stake);
    });
    return this.get(deviceId)!;
  }

  /** A passed proof: the class it proved (never the claim), and the next proof scheduled. */
  markVerified(
    deviceId: string,
    provenClass: ProvenClass | null,
    gflops: number,
    memoryBytes: number | null = null,
  ): Promise<void> {
    return this.transition(deviceId, () => ({
      change: this.verifiedChange(provenClass, gflops, memoryBytes),
      value: undefined,
    }));
  }

  /** A failed proof: the reason, and when the device may ask for a new challenge (null: not by itself). */
  markFailed(deviceId: string, reason: string, retryAt: number | null): Promise<void> {
    return this.transition(deviceId, () => ({ change: failedChange(reason, retryAt), value: undefined }));
  }

  block(deviceId: string, reason: string, reviewAt: number | null): Promise<void> {
    return this.transition(deviceId, () => ({
      change: { base: 'blocked', reason, nextCheckAt: reviewAt },
      value: undefined,
    }));
  }

  /** `memoryBytes`: what the proof's memory phase showed the device holding (null: none ran). */
  verifiedChange(
    provenClass: ProvenClass | null,
    gflops: number,
    memoryBytes: number | null = null,
  ): BaseChange {
    return {
      base: 'verified',
      reason: '',
      nextCheckAt: null,
      proven: { provenClass, gflops, memoryBytes },
      proofDueAt: this.o.now() + this.o.params.proofIntervalMs,
    };
  }

  /**
   * One commit that runs `work` (which may refuse by throwing, rolling back only itself) and then
   * the base status change it returns, if any: a proof verdict and its status land together.
   */
  async transition<T>(deviceId: string, work: () => { change: BaseChange | null; value: T }): Promise<T> {
    const stake = await this.o.stakeOf(deviceId);
    return this.o.commit.run(() => {
      const { change, value } = work();
      if (change) this.writeBase(deviceId, change, stake);
      return value;
    });
  }

  /**
   * The sweeper: fails verified devices whose proof is overdue past the grace, re-derives every
   * device's status (inactive, uptime, stake), and hints devices whose proof has fallen due.
   */
  async sweep(): Promise<void> {
    const rows = sql(this.o.db, 'SELECT id, base_status FROM devices').all() as DeviceRow[];
    const stakes = new Map<string, bigint>();
    for (const row of rows)
      if (row.base_status === 'verified') stakes.set(row.id, await this.o.stakeOf(row.id));
    const now = this.o.now();
    const due = new Map<string, number>();
    await this.o.commit.run(() => {
      for (const { id } of rows) {
        const row = this.get(id)!;
        const overdue = proofOverdue(row, now, this.o.params);
        if (overdue) this.writeBase(id, failedChange(overdue, now), 0n);
        else this.applyStatus(id, now, stakes.get(id) ?? 0n);
        if (
          !overdue &&
          row.base_status === 'verified' &&
          row.proof_due_at !== null &&
          row.proof_due_at <= now
        )
          due.set(id, row.proof_due_at);
      }
    });
    for (const [id, dueAt] of due) {
      if (this.dueHinted.get(id) === dueAt) continue;
      this.dueHinted.set(id, dueAt);
      this.o.onProofDue?.(id);
    }
  }

  /** Inside a commit: store a base status change, then derive and push the status. */
  private writeBase(deviceId: string, c: BaseChange, stake: bigint): void {
    const changed = sql(
      this.o.db,
      `UPDATE devices SET base_status = @base, status_reason = @reason, next_check_at = @nextCheckAt,
           proven_class = CASE WHEN @setProven THEN @provenClass ELSE proven_class END,
           proven_gflops = CASE WHEN @setProven THEN @gflops ELSE proven_gflops END,
           proven_memory_bytes = CASE WHEN @setProven THEN @memoryBytes ELSE proven_memory_bytes END,
           proof_due_at = CASE WHEN @setDue THEN @proofDueAt ELSE proof_due_at END WHERE id = @id`,
    ).run({
      id: deviceId,
      base: c.base,
      reason: c.reason,
      nextCheckAt: c.nextCheckAt,
      setProven: c.proven ? 1 : 0,
      provenClass: c.proven?.provenClass ?? null,
      gflops: c.proven?.gflops ?? null,
      memoryBytes: c.proven?.memoryBytes ?? null,
      setDue: c.proofDueAt !== undefined ? 1 : 0,
      proofDueAt: c.proofDueAt ?? null,
    });
    if (!changed.changes) throw new Error(`unknown device ${deviceId}`);
    this.applyStatus(deviceId, this.o.now(), stake);
  }

  /** Inside a commit: derive, store, and (after the commit lands) push a change. */
  private applyStatus(deviceId: string, now: number, stake: bigint): void {
    const row = this.get(deviceId);
    if (!row) return;
    const decision = evaluateStatus(row, now, this.o.params, stake);
    if (
      decision.status === row.status &&
      decision.reason === row.status_reason &&
      decision.nextCheckAt === row.next_check_at
    )
      return;
    sql(this.o.db, 'UPDATE devices SET status = ?, status_reason = ?, next_check_at = ? WHERE id = ?').run(
      decision.status,
      decision.reason,
      decision.nextCheckAt,
      deviceId,
    );
    if (decision.status !== row.status) setImmediate(() => this.o.onStatusChanged(deviceId, decision));
  }
}
