// A device's status as a pure function of its stored row, the clock, the parameters and its stake.
// The stored base status (pending, verified, failed, blocked) changes only by explicit events (proof
// of GPU passed or failed, a block); 'inactive' and 'cluster-ready' are derived here on every check,
// so they can never disagree with the heartbeats and stake they are computed from.
import type { DeviceStatus, ProvenClass } from '../../common/network-api.js';
import type { GpuClass } from '../../common/gpu-catalog.js';
import type { CoordinatorParams } from '../params.js';
import { formatIo } from '../../common/io-units.js';
import { minimumStake } from './rewards.js';
import { formatBytes } from '../../common/format.js';

export interface DeviceRow {
  id: string;
  gpu_count: number;
  claimed_class: GpuClass | null;
  proven_class: ProvenClass | null;
  proven_gflops: number | null;
  /** GPU memory the last passed proof's memory phase showed (bytes); null without one. */
  proven_memory_bytes: number | null;
  base_status: 'pending' | 'verified' | 'failed' | 'blocked';
  status: DeviceStatus;
  status_reason: string;
  next_check_at: number | null;
  registered_at: number;
  last_heartbeat_at: number | null;
  online_since: number | null;
  accepting: number;
  accepting_reason: string;
  /** When the next proof of GPU is due (verified: interval; failed: retry); null: none scheduled. */
  proof_due_at: number | null;
}

/** The most GPU memory a job leased to this device may need: what it proved, else the unproven default. */
export function jobMemoryCap(
  device: Pick<DeviceRow, 'proven_memory_bytes'>,
  params: CoordinatorParams,
): number {
  return device.proven_memory_bytes ?? params.unprovenMemoryBytes;
}

/** "the 4.2 MB of GPU memory it proved": which jobs a verified device earns from, for its status. */
function jobsItFits(device: DeviceRow, params: CoordinatorParams): string {
  return device.proven_memory_bytes !== null
    ? `jobs that fit the ${formatBytes(device.proven_memory_bytes)} of GPU memory it proved`
    : `jobs of up to ${formatBytes(params.unprovenMemoryBytes)} of GPU memory (it proved none)`;
}

export interface StatusDecision {
  status: DeviceStatus;
  reason: string;
  nextCheckAt: number | null;
}

const minutes = (ms: number) =>
  ms >= 3600_000 ? `${(ms / 3600_000).toFixed(1)} h` : `${Math.ceil(ms / 60_000)} min`;

/**
 * The reason a verified device is failed by the sweep: its proof is overdue by more than the grace
 * (the device was off when it fell due, or never answered). Null while it is not.
 */
export function proofOverdue(device: DeviceRow, now: number, params: CoordinatorParams): string | null {
  if (device.base_status !== 'verified' || device.proof_due_at === null) return null;
  if (now - device.proof_due_at <= params.proofGraceMs) return null;
  return `Proof of GPU overdue since ${new Date(device.proof_due_at).toISOString()}; the device proves itself on its next start.`;
}

export function evaluateStatus(
  device: DeviceRow,
  now: number,
  params: CoordinatorParams,
  stake: bigint,
): StatusDecision {
  // Blocks and failed proofs carry their own reason and re-check time, set by whoever decided them.
  if (device.base_status === 'blocked' || device.base_status === 'failed')
    return { status: device.base_status, reason: device.status_reason, nextCheckAt: device.next_check_at };
  const lastSeen = device.last_heartbeat_at ?? device.registered_at;
  if (now - lastSeen > params.inactiveAfterMs)
    return {
      status: 'inactive',
      reason: `No heartbeat since ${new Date(lastSeen).toISOString()}; the device is back on its next heartbeat.`,
      nextCheckAt: now + params.sweepMs,
    };
  if (device.base_status === 'pending')
    return {
      status: 'pending',
      reason: 'Registered; waiting for the proof of GPU that confirms the claimed GPU class.',
      nextCheckAt: device.next_check_at,
    };
  const online = device.online_since !== null && now - lastSeen <= params.heartbeatFreshMs;
  const uptime = online ? now - device.online_since! : 0;
  const missing: string[] = [];
  let nextCheckAt = now + params.sweepMs;
  if (uptime < params.clusterReadyUptimeMs) {
    const left = params.clusterReadyUptimeMs - uptime;
    missing.push(`${minutes(left)} more of uninterrupted uptime`);
    if (online) nextCheckAt = Math.max(nextCheckAt, now + left);
  }
  const needed = minimumStake(params, device.proven_class, device.gpu_count);
  if (stake < needed) missing.push(`a stake of ${formatIo(needed)} (staked: ${formatIo(stake)})`);
  if (!missing.length)
    return {
      status: 'cluster-ready',
      reason: `Verified, online and staked: deployable in clusters; earns from ${jobsItFits(device, params)}.`,
      nextCheckAt,
    };
  return {
    status: 'verified',
    reason: `Verified as ${device.proven_class ?? 'unclassed'}; earns from ${jobsItFits(device, params)}. Cluster-ready needs ${missing.join(' and ')}.`,
    nextCheckAt,
  };
}
