// Staking figures the panel shows: how far the stake is from the minimum, how long a cooldown has
// left, and the rules of unstaking said before the owner confirms. Integers of base units only.
import type { StakeStatus, Unstake } from '../../../common/staking-api.js';
import { formatUnit } from '../../lib/format.js';
import { shortAddress } from './wallet-format.js';

export interface StakeProgress {
  /** 0..1 for a progress bar (display only; the money stays in bigint). */
  fraction: number;
  met: boolean;
}

export function stakeProgress(staked: string, minimum: string): StakeProgress {
  const s = BigInt(staked);
  const m = BigInt(minimum);
  if (m <= 0n) return { fraction: 1, met: true };
  // Per-mille in bigint first, so a huge balance never loses precision before the division.
  const permille = s >= m ? 1000n : (s * 1000n) / m;
  return { fraction: Number(permille) / 1000, met: s >= m };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * A duration for a countdown, two units at most: "14 days", "13 days 23 h", "5 h 2 min",
 * "4 min 5 s", "42 s". Cooldowns are weeks long, so days matter, and seconds only near the end.
 */
export function formatCountdown(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return formatUnit(0, 'second');
  const pick = (value: number, unit: string) => (value ? formatUnit(value, unit) : '');
  const join = (...parts: string[]) => parts.filter(Boolean).join(' ');
  if (ms >= DAY) return join(pick(Math.floor(ms / DAY), 'day'), pick(Math.floor((ms % DAY) / HOUR), 'hour'));
  if (ms >= HOUR)
    return join(pick(Math.floor(ms / HOUR), 'hour'), pick(Math.floor((ms % HOUR) / MINUTE), 'minute'));
  if (ms >= MINUTE)
    return join(pick(Math.floor(ms / MINUTE), 'minute'), pick(Math.floor((ms % MINUTE) / 1000), 'second'));
  return formatUnit(Math.ceil(ms / 1000), 'second');
}

/** The rules the owner reads before confirming an unstake (the network enforces each of them). */
export function unstakeRules(
  stake: Pick<StakeStatus, 'cooldownMs'>,
  originalWallet: string | null,
): string[] {
  return [
    `The amount stops counting as stake at once, and is locked for ${formatCountdown(stake.cooldownMs)} (the cooldown).`,
    'If your stake falls below the minimum, this device may drop from cluster-ready and earn less.',
    originalWallet
      ? `After the cooldown you withdraw it, and only to the wallet that staked it (${shortAddress(originalWallet)}).`
      : 'After the cooldown you withdraw it, and only to the wallet that staked it.',
  ];
}

export type UnstakePhase =
  | { kind: 'cooldown'; left: number }
  | { kind: 'releasable' }
  | { kind: 'releasing'; reason: string }
  | { kind: 'released' };

/**
 * Where one unstake request stands now. The network's state is the authority, but a request still
 * marked cooldown whose releaseAt has passed is shown as waiting for the network, not as "0 s".
 */
export function unstakePhase(u: Unstake, now: number): UnstakePhase {
  if (u.state === 'released') return { kind: 'released' };
  if (u.state === 'releasing') return { kind: 'releasing', reason: u.reason };
  if (u.state === 'releasable') return { kind: 'releasable' };
  const releaseAt = Date.parse(u.releaseAt);
  const left = Number.isNaN(releaseAt) ? 0 : releaseAt - now;
  return { kind: 'cooldown', left: Math.max(0, left) };
}

/** Unstake requests still open first (nearest release first), then released ones, newest first. */
export function sortUnstakes(unstakes: Unstake[]): Unstake[] {
  const open = unstakes.filter((u) => u.state !== 'released');
  const done = unstakes.filter((u) => u.state === 'released');
  open.sort((a, b) => Date.parse(a.releaseAt) - Date.parse(b.releaseAt));
  done.sort((a, b) => Date.parse(b.releasedAt ?? b.releaseAt) - Date.parse(a.releasedAt ?? a.releaseAt));
  return [...open, ...done];
}
