// Auto mode's idle rule, made hard to fool: work starts only after the owner has been away for the
// whole threshold as the governor itself has watched it, and stops the moment they are back.
import type { GovernorCode } from '../../common/governor.js';
import type { IdleSignal } from './governor-signals.js';
import { formatIdleFor, formatIdleProgress } from './governor-text.js';

/** OS idle counters tick in whole seconds; a reading further behind than this means input happened. */
const IDLE_JITTER_MS = 1_500;

/**
 * Where the governor's idle streak starts. The OS counter's claim (now - idleSeconds) is taken at the
 * first reading; later readings may only move the start later (activity), never earlier (a counter
 * that jumps up, like a stale hint, is not believed); and no streak starts before the last wake from
 * sleep: some systems count the time asleep as idle, which would start work the moment the owner
 * opens the lid.
 */
export function trackIdle(
  previous: number | null,
  idle: IdleSignal,
  resumedAt: number | null,
  now: number,
): number | null {
  if (typeof idle === 'string') return null;
  const claimed = Math.min(now, Math.max(now - idle.idleSeconds * 1000, resumedAt ?? -Infinity));
  if (previous === null) return claimed;
  const restarted = claimed > previous + IDLE_JITTER_MS || idle.idleSeconds * 1000 < IDLE_JITTER_MS;
  return restarted ? claimed : previous;
}

export interface IdleVerdict {
  /** Why Auto may not run yet, or null. */
  blocker: { code: GovernorCode; reason: string; until?: number } | null;
  /** What lets it run ("idle for 7 min", "screen locked"), or null when idle is not tracked. */
  allowedBy: string | null;
}

/** Idle for less than this: the owner is at the PC now. */
const OWNER_PRESENT_SECONDS = 10;

export function idleVerdict(
  idle: IdleSignal,
  idleSince: number | null,
  thresholdSeconds: number,
  now: number,
): IdleVerdict {
  if (idle === 'none') return { blocker: null, allowedBy: null };
  if (idle === 'unknown') {
    const reason = 'Waiting: cannot tell whether you are away (idle detection is not answering)';
    return { blocker: { code: 'idle-unknown', reason }, allowedBy: null };
  }
  if (idle.locked) return { blocker: null, allowedBy: 'screen locked' };
  const idleSeconds = idleSince === null ? 0 : (now - idleSince) / 1000;
  if (idleSeconds >= thresholdSeconds) {
    return { blocker: null, allowedBy: `idle for ${formatIdleFor(idleSeconds)}` };
  }
  const until = now + Math.ceil((thresholdSeconds - idleSeconds) * 1000);
  // Someone at the keyboard right now (by the OS counter, not the believed streak) reads "you are using this PC", not a countdown at zero.
  const reason =
    idle.idleSeconds < OWNER_PRESENT_SECONDS
      ? `Paused: you are using this PC (starts after ${formatIdleFor(thresholdSeconds)} idle)`
      : `Waiting: ${formatIdleProgress(idleSeconds, thresholdSeconds)}`;
  return { blocker: { code: 'waiting-idle', reason, until }, allowedBy: null };
}
