// Drives the governor the way the app will: a fake clock, an OS-like idle counter that grows with
// time and resets on input, fresh sensor readings on every evaluation, and mode transitions
// persisted back into the policy between evaluations.
import { governorPolicySchema, type GovernorDecision, type GovernorPolicy } from '../../common/governor.js';
import type { ProcessInfo } from '../../main/core/game-detection.js';
import { decide } from '../../main/core/governor.js';
import {
  INITIAL_GOVERNOR_STATE,
  type GovernorSignals,
  type GovernorState,
  type GpuSignal,
} from '../../main/core/governor-signals.js';
import type { MacThermalState } from '../../main/core/thermal-controller.js';

/** Monday 24 November 2025, 12:00 UTC. */
export const MONDAY_NOON = Date.UTC(2025, 10, 24, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export function makePolicy(input: unknown = {}): GovernorPolicy {
  return governorPolicySchema.parse(input);
}

interface FakeGpu {
  id: string;
  label: string;
  celsius: number | null;
  thermalState?: MacThermalState;
  /** When set, readings stop being refreshed: the sensor went quiet at this time. */
  frozenAt?: number;
  otherUsePercent: number | null;
  cpuAdapter?: boolean;
}

export class GovernorHarness {
  now: number;
  policy: GovernorPolicy;
  state: GovernorState = INITIAL_GOVERNOR_STATE;
  lastInputAt: number;
  locked = false;
  idleSource: 'os' | 'none' | 'unknown' = 'os';
  /** Overrides the OS counter (a stale or jumping hint); cleared by input. */
  reportedIdleSeconds: number | null = null;
  onBattery = false;
  suspending = false;
  resumedAt: number | null = null;
  processes: ProcessInfo[] = [];
  jobInProgress = false;
  gpus: FakeGpu[] = [{ id: 'gpu0', label: 'RTX 4090', celsius: 50, otherUsePercent: 0 }];
  last: GovernorDecision | undefined;

  constructor(options: { now?: number; policy?: unknown; idleSeconds?: number } = {}) {
    this.now = options.now ?? MONDAY_NOON;
    this.policy = makePolicy(options.policy ?? {});
    this.lastInputAt = this.now - (options.idleSeconds ?? 0) * SECOND;
  }

  /** The owner touches keyboard or mouse now. */
  input(): this {
    this.lastInputAt = this.now;
    this.reportedIdleSeconds = null;
    return this;
  }

  gpu(index = 0): FakeGpu {
    const gpu = this.gpus[index];
    if (!gpu) throw new Error(`no fake GPU ${index}`);
    return gpu;
  }

  signals(): GovernorSignals {
    const idleSeconds = this.reportedIdleSeconds ?? (this.now - this.lastInputAt) / SECOND;
    const gpus: GpuSignal[] = this.gpus.map((gpu) => {
      const readAt = gpu.frozenAt ?? this.now;
      const temperature =
        gpu.thermalState !== undefined
          ? { thermalState: gpu.thermalState, readAt }
          : gpu.celsius === null
            ? null
            : { celsius: gpu.celsius, readAt };
      return {
        id: gpu.id,
        label: gpu.label,
        temperature,
        otherUsePercent: gpu.otherUsePercent,
        cpuAdapter: gpu.cpuAdapter,
      };
    });
    return {
      idle: this.idleSource === 'os' ? { idleSeconds, locked: this.locked } : this.idleSource,
      onBattery: this.onBattery,
      suspending: this.suspending,
      resumedAt: this.resumedAt,
      processes: this.processes,
      jobInProgress: this.jobInProgress,
      gpus,
    };
  }

  /** Evaluates now, keeps the state and the mode transition, returns the decision. */
  evaluate(): GovernorDecision {
    const result = decide(this.policy, this.signals(), this.state, this.now);
    this.state = result.state;
    this.policy = { ...this.policy, mode: result.mode };
    this.last = result.decision;
    return result.decision;
  }

  /** Advances the clock, evaluating every `stepMs` (as the app's poll would), and returns the last decision. */
  advance(ms: number, stepMs = SECOND): GovernorDecision {
    const end = this.now + ms;
    let decision = this.last ?? this.evaluate();
    while (this.now < end) {
      this.now = Math.min(end, this.now + stepMs);
      decision = this.evaluate();
    }
    return decision;
  }

  /** Jumps the clock to an absolute time and evaluates once. */
  at(time: number): GovernorDecision {
    this.now = time;
    return this.evaluate();
  }
}
