// What the governor is told about the world (signals) and what it remembers between evaluations
// (state). Adapters (idle sources, power monitor, process lister, temperature readers) fill the
// signals; the governor never reads anything itself, so an evaluation is pure and cheap.
import type { GovernorDecision, GovernorMode } from '../../common/governor.js';
import type { ProcessInfo } from './game-detection.js';
import { INITIAL_THERMAL_STATE, type TemperatureSample, type ThermalState } from './thermal-controller.js';

/**
 * The idle source's answer: a reading; 'unknown' when the source exists but failed this time (treated
 * as "not idle": never start on a guess); 'none' when no idle source is in use (schedule only).
 */
export type IdleSignal = { idleSeconds: number; locked: boolean } | 'unknown' | 'none';

export interface GpuSignal {
  /** Stable id (the inventory's), also the key of GovernorPolicy.gpus. */
  id: string;
  /** What the owner calls it: "RTX 4090". */
  label: string;
  /** Latest reading, null when this GPU has no sensor or the reader failed. */
  temperature: TemperatureSample | null;
  /** Percent of this GPU used by programs other than ours; null when unknown (then ignored). */
  otherUsePercent: number | null;
  /**
   * The adapter computes on the CPU (lavapipe and the like): there is no GPU sensor to miss, and the
   * CPU throttles itself, so the temperature rule does not apply (a missing sensor is otherwise unsafe).
   */
  cpuAdapter?: boolean;
}

export interface GovernorSignals {
  idle: IdleSignal;
  onBattery: boolean;
  /** The OS announced sleep: stop now. */
  suspending: boolean;
  /** When the system last woke from sleep (epoch ms), null if it has not slept since start. */
  resumedAt: number | null;
  processes: readonly ProcessInfo[];
  /** A job is running (or paused between chunks) in the worker: "finish then pause" waits for it. */
  jobInProgress: boolean;
  gpus: readonly GpuSignal[];
}

export interface GpuGovernorState {
  thermal: ThermalState;
  /** Paused for another program's GPU use until then (epoch ms): a quiet period after it drops. */
  busyUntil: number | null;
  /** The last use over the threshold, for the reason shown during the quiet period. */
  busyPercent: number | null;
}

export interface GovernorState {
  /**
   * Start of the idle streak the governor believes in (epoch ms), null when not idle. Kept across
   * evaluations so that a jump in the OS idle counter (a stale hint, time spent asleep) cannot start
   * work early: idle time is credited only as it is observed, and never from before a wake-up.
   */
  idleSince: number | null;
  gpus: Readonly<Record<string, GpuGovernorState>>;
}

export const INITIAL_GOVERNOR_STATE: GovernorState = { idleSince: null, gpus: {} };

export const INITIAL_GPU_STATE: GpuGovernorState = {
  thermal: INITIAL_THERMAL_STATE,
  busyUntil: null,
  busyPercent: null,
};

export interface GovernorResult {
  decision: GovernorDecision;
  state: GovernorState;
  /**
   * The mode after automatic transitions (an expired snooze returns to its previous mode; "finish
   * then pause" becomes paused once the job has ended). Persist it when it differs from the policy's.
   */
  mode: GovernorMode;
}
