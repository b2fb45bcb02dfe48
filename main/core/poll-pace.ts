// How often the governor reads each signal, from what it decided last. Reading costs the owner's
// machine: a walk of the process list, nvidia-smi and loginctl are whole processes. A node the owner
// paused reads seldom; one waiting for idle reads the idle counter when the threshold can first be
// reached and the rest at a slower pace; one allowed to compute reads fast enough to yield at once.
import type { GovernorDecision } from '../../common/governor.js';

export type PollPace = 'computing' | 'waiting' | 'resting';

export interface PaceIntervals {
  processesMs: number;
  temperatureMs: number;
  powerMs: number;
  /** Re-decide at least this often (a snooze ends, a window opens, a reading goes stale). */
  tickMs: number;
  /** The idle counter; null when the idle source has nothing to read. */
  idleMs: number | null;
}

/** Waiting (a game, the schedule, idle): readers this many times slower; resting (paused): this. */
const WAITING_FACTOR = 5;
const RESTING_FACTOR = 15;
/** A resting governor still re-decides this often: a snooze ends at most this late. */
const RESTING_TICK_MS = 5_000;

export function pollPace(decision: GovernorDecision, jobInProgress: boolean): PollPace {
  if (jobInProgress || decision.action !== 'pause') return 'computing';
  if (decision.code === 'paused' || decision.code === 'snoozed') return 'resting';
  return 'waiting';
}

/**
 * The intervals for a pace. `untilMs`: how long until the decision expects to change by itself
 * (decision.until - now); while waiting for idle, the idle counter is read then — it only grows
 * while the owner is away, so nothing is missed in between — never sooner than its usual pace.
 */
export function paceIntervals(pace: PollPace, base: PaceIntervals, waitingForIdleMs?: number): PaceIntervals {
  if (pace === 'computing') return base;
  const factor = pace === 'waiting' ? WAITING_FACTOR : RESTING_FACTOR;
  const slow = (ms: number) => ms * factor;
  let idleMs = base.idleMs === null ? null : slow(base.idleMs);
  if (base.idleMs !== null && pace === 'waiting' && waitingForIdleMs !== undefined)
    idleMs = Math.min(slow(base.idleMs), Math.max(base.idleMs, waitingForIdleMs));
  return {
    processesMs: slow(base.processesMs),
    temperatureMs: slow(base.temperatureMs),
    powerMs: slow(base.powerMs),
    tickMs: pace === 'resting' ? Math.max(base.tickMs, RESTING_TICK_MS) : base.tickMs,
    idleMs,
  };
}
