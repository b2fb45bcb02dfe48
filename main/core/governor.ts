// The governor: may this PC compute now, on which GPU, how fast, and why (in words the owner reads).
//
// decide() is a pure function of (policy, signals, state, now), cheap enough to run on every signal
// change: when the owner touches the mouse or a game starts, the caller re-evaluates and the decision
// flips to pause in the same tick (the yield path); nothing here waits, polls or reads a clock.
//
// What each mode means (the owner's words, made exact):
// - Auto: compute only when everything allows: idle for idleStartSeconds (or the screen is locked),
//   inside a schedule window if any is set, on mains power unless allowed, no game running.
// - Run now: ignores idle and schedule, nothing else. A game still pauses (the owner's frame rate,
//   and networks block devices that game while listed), battery still pauses unless allowed (the
//   setting for that is runOnBattery, not Run now), and temperature limits always apply.
// - Paused; Snoozed until T (then back to the mode it interrupted); Finish then pause (the current
//   job continues under the previous mode's rules, no new job is taken, paused when it ends).
//
// Several reasons often hold at once; the one shown is the highest in GOVERNOR_CODES (common/), and
// all of them are listed in decision.blockers.
import type { GovernorCode, GovernorDecision, GovernorMode, GovernorPolicy } from '../../common/governor.js';
import { GOVERNOR_CODES, type RunningMode } from '../../common/governor.js';
import { findBlockingProcess } from './game-detection.js';
import { evaluateGpu, type GpuRestriction } from './governor-gpu.js';
import { advanceMode, rulesOf } from './governor-modes.js';
import type {
  GovernorResult,
  GovernorSignals,
  GovernorState,
  GpuGovernorState,
  GpuSignal,
} from './governor-signals.js';
import { formatRemaining, formatWait, sentence } from './governor-text.js';
import { idleVerdict, trackIdle } from './idle-tracking.js';
import { scheduleStatus, type ScheduleStatus } from './schedule.js';

export { advanceMode, finishThenPause, snooze } from './governor-modes.js';

interface Blocker {
  code: GovernorCode;
  reason: string;
  until?: number;
}

const RANK = new Map<GovernorCode, number>(GOVERNOR_CODES.map((code, index) => [code, index]));
const byRank = (a: GovernorCode, b: GovernorCode): number => (RANK.get(a) ?? 99) - (RANK.get(b) ?? 99);

export function decide(
  policy: GovernorPolicy,
  signals: GovernorSignals,
  state: GovernorState,
  now: number,
): GovernorResult {
  const mode = advanceMode(policy.mode, signals.jobInProgress, now);
  const idleSince = trackIdle(state.idleSince, signals.idle, signals.resumedAt, now);
  const schedule = scheduleStatus(policy.schedule, now);
  const { blockers, running } = globalConditions(policy, signals, mode, schedule, idleSince, now);

  const gpuStates: Record<string, GpuGovernorState> = {};
  const verdicts = signals.gpus.map((signal) => {
    const verdict = evaluateGpu(signal, policy, state.gpus[signal.id], now);
    gpuStates[signal.id] = verdict.state;
    return { signal, ...verdict };
  });
  const finishing = mode.kind === 'finish-then-pause';
  const runUntil = rulesOf(mode) === 'auto' ? (schedule.changesAt ?? undefined) : undefined;
  const decision = combine(blockers, verdicts, {
    reason: running,
    code: finishing ? 'finishing' : 'running',
    until: runUntil,
  });
  decision.acceptsNewJobs = decision.action !== 'pause' && !finishing;
  return { decision, state: { idleSince, gpus: gpuStates }, mode };
}

/** Reasons that stop every GPU, and the sentence for running when none holds. */
function globalConditions(
  policy: GovernorPolicy,
  signals: GovernorSignals,
  mode: GovernorMode,
  schedule: ScheduleStatus,
  idleSince: number | null,
  now: number,
): { blockers: Blocker[]; running: string } {
  const blockers: Blocker[] = [];
  const block = (code: GovernorCode, reason: string, until?: number | null) =>
    blockers.push(until === undefined || until === null ? { code, reason } : { code, reason, until });

  if (signals.gpus.length === 0) block('no-gpu', 'Paused: no usable GPU found');
  const process = findBlockingProcess(signals.processes, policy.apps);
  if (process?.kind === 'game') {
    const via = process.launcher ? `, started by ${process.launcher}` : '';
    block('game', `Paused: game running (${process.name}${via})`);
  } else if (process) {
    block('exclusive-app', `Paused: ${process.name} is running (on your exclusive list)`);
  }
  if (signals.suspending) block('suspending', 'Paused: the computer is going to sleep');
  if (signals.onBattery && !policy.limits.runOnBattery) block('battery', 'Paused: on battery');
  if (signals.resumedAt !== null) {
    const graceEnd = signals.resumedAt + policy.limits.resumeGraceSeconds * 1000;
    const left = formatWait(graceEnd - now);
    if (now < graceEnd) block('resume-grace', `Waiting: woke from sleep, starting in ${left}`, graceEnd);
  }
  if (mode.kind === 'paused') block('paused', 'Paused by you');
  if (mode.kind === 'snoozed') {
    block('snoozed', `Snoozed: ${formatRemaining(mode.until - now)} left`, mode.until);
  }

  const rules: RunningMode | null = rulesOf(mode);
  let running = 'Running: Run now (idle and schedule ignored)';
  if (rules === 'auto') {
    if (!schedule.inside) {
      const next = schedule.changesAtLabel ? ` (next window ${schedule.changesAtLabel})` : '';
      block('outside-schedule', `Waiting: outside schedule${next}`, schedule.changesAt);
    }
    const idle = idleVerdict(signals.idle, idleSince, policy.limits.idleStartSeconds, now);
    if (idle.blocker) block(idle.blocker.code, idle.blocker.reason, idle.blocker.until);
    const until = schedule.changesAtLabel ? ` until ${schedule.changesAtLabel}` : '';
    const allowedBy = [idle.allowedBy, schedule.hasSchedule ? `inside schedule${until}` : null];
    running = `Running: ${allowedBy.filter((part) => part !== null).join(', ') || 'no idle detection or schedule set'}`;
  }
  if (mode.kind === 'finish-then-pause') running = 'Running: finishing the current job, then pausing';
  blockers.sort((a, b) => byRank(a.code, b.code));
  return { blockers, running };
}

interface Verdict {
  signal: GpuSignal;
  restriction: GpuRestriction | null;
  temperatureC: number | null;
}

/** One decision from the global reasons and each GPU's own limits. */
function combine(
  blockers: readonly Blocker[],
  verdicts: readonly Verdict[],
  running: { reason: string; code: GovernorCode; until: number | undefined },
): GovernorDecision {
  const first = blockers[0];
  const gpus = verdicts.map(({ signal, restriction, temperatureC }) => {
    const base = { gpuId: signal.id, label: signal.label, temperatureC };
    if (first) return { ...base, action: 'pause' as const, duty: 0, reason: first.reason, code: first.code };
    if (!restriction)
      return { ...base, action: 'run' as const, duty: 1, reason: running.reason, code: running.code };
    const action = restriction.duty === 0 ? ('pause' as const) : ('throttle' as const);
    const reason = sentence(restriction.verb, restriction.detail);
    return { ...base, action, duty: restriction.duty, reason, code: restriction.code };
  });
  const restricted = verdicts
    .flatMap(({ signal, restriction }) => (restriction ? [{ signal, restriction }] : []))
    .sort((a, b) => byRank(a.restriction.code, b.restriction.code));
  const codes = [...blockers.map((b) => b.code), ...restricted.map((r) => r.restriction.code)];
  const common = { acceptsNewJobs: false, blockers: [...new Set(codes)].sort(byRank), gpus };

  if (first)
    return withUntil(
      { ...common, action: 'pause', duty: 0, reason: first.reason, code: first.code },
      first.until,
    );
  // When no GPU runs at full speed, a GPU's restriction is the story: the highest-ranked among GPUs
  // that still compute (a throttle explains a throttle), else among all; named when there are several.
  const story = restricted.find(({ restriction }) => restriction.duty > 0) ?? restricted[0];
  if (story && !gpus.some((gpu) => gpu.action === 'run')) {
    const { restriction, signal } = story;
    const duty = Math.max(...gpus.map((gpu) => gpu.duty));
    const reason = sentence(
      restriction.verb,
      restriction.detail,
      verdicts.length > 1 ? signal.label : undefined,
    );
    const action = duty === 0 ? 'pause' : 'throttle';
    return withUntil({ ...common, action, duty, reason, code: restriction.code }, restriction.until);
  }
  return withUntil(
    { ...common, action: 'run', duty: 1, reason: running.reason, code: running.code },
    running.until,
  );
}

function withUntil(decision: GovernorDecision, until: number | undefined): GovernorDecision {
  return until === undefined ? decision : { ...decision, until };
}
