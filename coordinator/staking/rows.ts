// Staking's stored rows (migration.ts), how they read on the wire (common/staking-api.ts), and the
// small helpers the service and the releases share.
import type { StakeDeposit, Unstake } from '../../common/staking-api.js';
import { ApiError } from '../service/api-error.js';

export interface VaultRow {
  device_id: string;
  wallet: string;
  cosigner: string;
  multisig: string;
  seed: string;
  vault: string;
  state: 'creating' | 'ready';
  created_at: number;
}

export interface UnstakeRow {
  id: string;
  device_id: string;
  request_id: string;
  amount: string;
  state: 'cooldown' | 'releasing' | 'released';
  requested_at: number;
  release_at: number;
  signature: string | null;
  tx_base64: string | null;
  last_valid_height: number | null;
  reason: string;
  released_at: number | null;
}

export interface DepositRow {
  signature: string;
  device_id: string;
  amount: string;
  source_owner: string | null;
  slot: number;
  block_time: number | null;
}

/** balance - pending, never below 0 (a landed release not yet recorded is subtracted twice meanwhile). */
export const staked = (balance: bigint, pending: bigint) => (balance > pending ? balance - pending : 0n);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function unreachable(error: unknown): ApiError {
  const why = error instanceof Error ? error.message : String(error);
  return new ApiError(503, 'chain-unreachable', `the chain did not answer (${why}); try again later`);
}

/** Runs a chain read; a failure becomes a 503 the client can retry. */
export async function chainCall<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw error instanceof ApiError ? error : unreachable(error);
  }
}

export function toUnstake(row: UnstakeRow, now: number): Unstake {
  const waiting = row.state === 'cooldown';
  return {
    requestId: row.request_id,
    amount: row.amount,
    state: waiting ? (now >= row.release_at ? 'releasable' : 'cooldown') : row.state,
    requestedAt: iso(row.requested_at)!,
    releaseAt: iso(row.release_at)!,
    signature: row.signature,
    reason: row.reason,
    releasedAt: iso(row.released_at),
  };
}

export function toDeposit(row: DepositRow): StakeDeposit {
  return {
    signature: row.signature,
    amount: row.amount,
    from: row.source_owner,
    slot: row.slot,
    at: row.block_time === null ? null : iso(row.block_time * 1000),
  };
}
