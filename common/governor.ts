// The owner's rules for when this PC may compute (the policy) and what the governor decided from them
// (the decision the tray and the UI show). Shared by every process, so schemas live here and the
// logic lives in main/core/governor.ts.
//
// Every field has a default, so `governorPolicySchema.parse({})` is a complete, safe first-start
// policy: Auto mode, idle after 3 min (BOINC's default), 80 C, never on battery, no schedule.
import { z } from 'zod';

/** 0 = Sunday ... 6 = Saturday, as Date#getDay() counts. */
export const weekdaySchema = z.number().int().min(0).max(6);

/** Wall-clock "HH:MM" in the schedule's time zone; "24:00" is allowed as an end. */
export const timeOfDaySchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM');

/**
 * A window opens at `start` on each listed day and closes at `end`. An end at or before the start
 * closes on the next day (a studio's Mon-Fri 20:00-08:00 runs Friday night into Saturday morning);
 * start === end is a full 24 h. The day always names the evening a night window starts on.
 */
export const scheduleWindowSchema = z
  .object({ days: z.array(weekdaySchema).min(1), start: timeOfDaySchema, end: timeOfDaySchema })
  .refine((window) => window.start !== '24:00', { message: 'a window starts at 23:59 at the latest' });
export type ScheduleWindow = z.infer<typeof scheduleWindowSchema>;

export const scheduleSchema = z.object({
  /** No windows: no schedule, computing is allowed at any hour (other rules still apply). */
  windows: z.array(scheduleWindowSchema).default([]),
  /** IANA zone the windows are written in; absent: the system's zone. */
  timeZone: z.string().optional(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** Modes a snooze or a "finish" returns to or runs under. */
export const runningModeSchema = z.enum(['auto', 'run-now']);
export type RunningMode = z.infer<typeof runningModeSchema>;

export { SNOOZE_HOURS } from './snooze.js';

export const governorModeSchema = z.discriminatedUnion('kind', [
  /** Compute only when every rule allows: idle (or locked), inside the schedule. */
  z.object({ kind: z.literal('auto') }),
  /** Ignore idle and schedule; games, battery, other GPU use and temperature still apply. */
  z.object({ kind: z.literal('run-now') }),
  z.object({ kind: z.literal('paused') }),
  /** Paused until `until` (epoch ms), then back to `resumeTo`. */
  z.object({ kind: z.literal('snoozed'), until: z.number().int(), resumeTo: runningModeSchema }),
  /** Keep the current job going under `rules`, take no new one, pause when it ends. */
  z.object({ kind: z.literal('finish-then-pause'), rules: runningModeSchema }),
]);
export type GovernorMode = z.infer<typeof governorModeSchema>;

export const governorLimitsSchema = z.object({
  /** The owner's GPU temperature limit; the thermal controller holds the GPU a little under it. */
  temperatureLimitC: z.number().min(40).max(105).default(80),
  /** Auto mode starts after this much continuous idle time. */
  idleStartSeconds: z.number().int().min(0).max(86_400).default(180),
  runOnBattery: z.boolean().default(false),
  /** Pause when other programs use more of a GPU than this (BOINC uses 25 % for the CPU). */
  otherGpuUsePercent: z.number().min(1).max(100).default(25),
  /** After the other program drops below the threshold, stay paused this long (loading screens). */
  otherGpuQuietSeconds: z.number().int().min(0).max(3600).default(30),
  /** After waking from sleep, wait this long: the owner usually woke the PC to use it. */
  resumeGraceSeconds: z.number().int().min(0).max(3600).default(60),
  /** The most of its time a GPU may compute (a quieter fan, a cooler room); 1 = no cap. */
  dutyCap: z.number().min(0.1).max(1).default(1),
});
export type GovernorLimits = z.infer<typeof governorLimitsSchema>;

export const governorAppsSchema = z.object({
  /** Process names that pause computing while they run ("blender.exe", "obs64", "DaVinci Resolve"). */
  exclusiveApps: z.array(z.string().min(1)).default([]),
  /** Names the built-in game list must not treat as games (a false positive named in a reason). */
  ignoredApps: z.array(z.string().min(1)).default([]),
  useBuiltInGameList: z.boolean().default(true),
});
export type GovernorApps = z.infer<typeof governorAppsSchema>;

export const gpuPolicySchema = z.object({
  /** Per-GPU control: a studio keeps its display GPU out and lends the second one. */
  enabled: z.boolean().default(true),
  /** Overrides limits.temperatureLimitC for this GPU. */
  temperatureLimitC: z.number().min(40).max(105).optional(),
});
export type GpuPolicy = z.infer<typeof gpuPolicySchema>;

export const governorPolicySchema = z.object({
  mode: governorModeSchema.default({ kind: 'auto' }),
  schedule: scheduleSchema.prefault({}),
  limits: governorLimitsSchema.prefault({}),
  apps: governorAppsSchema.prefault({}),
  /** Keyed by the GPU id the signals use; a GPU not listed uses the defaults. */
  gpus: z.record(z.string(), gpuPolicySchema).default({}),
});
export type GovernorPolicy = z.infer<typeof governorPolicySchema>;

export const governorActionSchema = z.enum(['run', 'pause', 'throttle']);
export type GovernorAction = z.infer<typeof governorActionSchema>;

/**
 * Machine-readable reasons, listed in the order the governor ranks them (first wins): a reason
 * earlier in this list is shown when several hold at once. Tests pin this order.
 *
 * Why this order: what takes the GPU away from us right now (a game, sleep, battery) comes first,
 * because that is what a gamer glances at the tray to confirm; then the owner's own mode; then Auto's
 * conditions (schedule, idle); then per-GPU limits. Temperature ranks last among reasons on purpose:
 * a paused GPU is not "throttled", and cooling down would not resume it.
 */
export const GOVERNOR_CODES = [
  'no-gpu', // nothing to compute on: no other reason matters
  'game', // a built-in game or launcher's game process runs
  'exclusive-app', // an app on the owner's exclusive list runs
  'suspending', // the OS is going to sleep
  'battery', // on battery and the owner did not allow it
  'resume-grace', // just woke from sleep
  'paused', // the owner paused
  'snoozed', // the owner snoozed
  'outside-schedule', // Auto: outside every schedule window
  'waiting-idle', // Auto: not idle long enough
  'idle-unknown', // Auto: the idle source failed to answer
  'gpu-disabled', // per GPU: the owner turned this GPU off
  'gpu-busy', // per GPU: another program uses it
  'too-hot', // per GPU: over the limit, stopped until it cools down
  'sensor-stale', // per GPU: no fresh temperature, reduced duty
  'thermal', // per GPU: held under the limit by a reduced duty
  'duty-cap', // per GPU: held at the owner's duty cap
  'finishing', // running the current job, pausing after it
  'running',
] as const;
export const governorCodeSchema = z.enum(GOVERNOR_CODES);
export type GovernorCode = z.infer<typeof governorCodeSchema>;

export const gpuDecisionSchema = z.object({
  gpuId: z.string(),
  label: z.string(),
  action: governorActionSchema,
  /** Fraction of time this GPU may compute: 0 paused, 1 full speed. */
  duty: z.number().min(0).max(1),
  reason: z.string(),
  code: governorCodeSchema,
  temperatureC: z.number().nullable(),
});
export type GpuDecision = z.infer<typeof gpuDecisionSchema>;

export const governorDecisionSchema = z.object({
  action: governorActionSchema,
  /** The largest duty any GPU may use (per-GPU duties are in `gpus`). */
  duty: z.number().min(0).max(1),
  /** One sentence a person understands: "Paused: game running (eldenring.exe)". */
  reason: z.string(),
  code: governorCodeSchema,
  /** When the shown state is expected to change (snooze end, next window, idle threshold), epoch ms. */
  until: z.number().int().optional(),
  /** False in "finish then pause": the current job continues, no new one starts. */
  acceptsNewJobs: z.boolean(),
  /** Every reason that holds now, in rank order; `code` is the first (or a running code). */
  blockers: z.array(governorCodeSchema),
  gpus: z.array(gpuDecisionSchema),
});
export type GovernorDecision = z.infer<typeof governorDecisionSchema>;
