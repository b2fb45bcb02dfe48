// The owner's mode over time: what the buttons (Snooze, Finish then pause) turn the mode into, and
// the transitions the governor makes by itself (a snooze expires; the job being finished ends).
import type { GovernorMode, RunningMode } from '../../common/governor.js';

/** Automatic transitions: an expired snooze returns to its mode; "finish then pause" ends with the job. */
export function advanceMode(mode: GovernorMode, jobInProgress: boolean, now: number): GovernorMode {
  if (mode.kind === 'snoozed' && now >= mode.until) return { kind: mode.resumeTo };
  if (mode.kind === 'finish-then-pause' && !jobInProgress) return { kind: 'paused' };
  return mode;
}

/** Whose rules apply while computing is possible: Auto's, Run now's, or none (paused, snoozed). */
export function rulesOf(mode: GovernorMode): RunningMode | null {
  if (mode.kind === 'auto' || mode.kind === 'run-now') return mode.kind;
  return mode.kind === 'finish-then-pause' ? mode.rules : null;
}

/** The mode a snooze or a "finish" returns to or runs under; a pause returns into Auto. */
function runningModeOf(mode: GovernorMode): RunningMode {
  if (mode.kind === 'snoozed') return mode.resumeTo;
  if (mode.kind === 'finish-then-pause') return mode.rules;
  return mode.kind === 'run-now' ? 'run-now' : 'auto';
}

/** The owner pressed "Snooze for N hours" (SNOOZE_HOURS in the UI). Snoozing again restarts the time. */
export function snooze(mode: GovernorMode, hours: number, now: number): GovernorMode {
  return { kind: 'snoozed', until: now + Math.round(hours * 3_600_000), resumeTo: runningModeOf(mode) };
}

/** The owner pressed "Finish current job, then pause"; meaningless while paused or snoozed. */
export function finishThenPause(mode: GovernorMode): GovernorMode {
  if (mode.kind === 'paused' || mode.kind === 'snoozed') return mode;
  return { kind: 'finish-then-pause', rules: runningModeOf(mode) };
}
