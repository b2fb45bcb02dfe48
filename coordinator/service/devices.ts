// The device registry: registration, heartbeats, and the explicit status events (proof of GPU
// passed or failed, blocks). Every write goes through the group commit; every status change is
// pushed to the device once it is on disk.
import type { GpuClass } from '../../common/gpu-catalog.js';
import type { DeviceStatusResponse, HeartbeatRequest, RegisterRequest } from '../../common/network-api.js';
import { registerRequestSchema } from '../../common/network-api.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { CoordinatorParams } from '../params.js';
import { evaluateStatus, type DeviceRow, type StatusDecision } from './lifecycle.js';
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
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class DeviceService {
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
             base_status, status, status_reason, next_check_at, registered_at, last_heartbeat_at, online_since)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', 'pending', ?, ?, ?, ?, ?)
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

  /** Called by the proof of GPU when a device proves its class (tests call it directly for now). */
  markVerified(deviceId: string, provenClass: GpuClass | null, gflops: number): Promise<void> {
    return this.setBase(deviceId, 'verified', '', null, { provenClass, gflops });
  }

  markFailed(deviceId: string, reason: string, retryAt: number | null): Promise<void> {
    return this.setBase(deviceId, 'failed', reason, retryAt);
  }

  block(deviceId: string, reason: string, reviewAt: number | null): Promise<void> {
    return this.setBase(deviceId, 'blocked', reason, reviewAt);
  }

  /** The sweeper: re-derives every device's status (inactive, uptime, stake). */
  async sweep(): Promise<void> {
    const rows = sql(this.o.db, 'SELECT id, base_status FROM devices').all() as DeviceRow[];
    const stakes = new Map<string, bigint>();
    for (const row of rows)
      if (row.base_status === 'verified') stakes.set(row.id, await this.o.stakeOf(row.id));
    const now = this.o.now();
    await this.o.commit.run(() => {
      for (const row of rows) this.applyStatus(row.id, now, stakes.get(row.id) ?? 0n);
    });
  }

  private async setBase(
    deviceId: string,
    base: DeviceRow['base_status'],
    reason: string,
    nextCheckAt: number | null,
    proven?: { provenClass: GpuClass | null; gflops: number },
  ): Promise<void> {
    const stake = await this.o.stakeOf(deviceId);
    await this.o.commit.run(() => {
      const changed = sql(
        this.o.db,
        `UPDATE devices SET base_status = ?, status_reason = ?, next_check_at = ?,
             proven_class = COALESCE(?, proven_class), proven_gflops = COALESCE(?, proven_gflops) WHERE id = ?`,
      ).run(base, reason, nextCheckAt, proven?.provenClass ?? null, proven?.gflops ?? null, deviceId);
      if (!changed.changes) throw new Error(`unknown device ${deviceId}`);
      this.applyStatus(deviceId, this.o.now(), stake);
    });
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
