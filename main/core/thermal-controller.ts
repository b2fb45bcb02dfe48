// Holds one GPU under the owner's temperature limit by choosing the fraction of time it computes
// (its duty: the job runtime sleeps between chunks to match it). Pure: state in, state out.
//
// Why this shape:
// - A set point a little under the limit (limit - 2 C) and a PI controller in velocity form, stepped
//   at a fixed control period (5 s): GPUs heat with time constants of tens of seconds, so a faster
//   loop only chases sensor noise, and a slower one overshoots when a job starts. The loop engages
//   3 C below the set point, so a GPU heating at full duty is already being slowed when it gets there
//   (gains tuned against test/fakes/thermal-model.ts over 20-120 s time constants).
// - A dead band around the set point freezes the integral, so the duty settles instead of hunting
//   (no flapping: few duty changes an hour once settled).
// - Hysteresis at both ends: over limit + 2 C the GPU stops and resumes only once it has cooled to
//   limit - 5 C; a throttled GPU returns to full duty only after staying at or below limit - 5 C
//   for a cool-down period.
// - A missing or stale reading is unsafe, not "cool": the duty drops to at most 50 % and says so.
// - macOS gives no GPU temperature, only the system's thermal state; that maps to fixed duties.

export type MacThermalState = 'nominal' | 'fair' | 'serious' | 'critical';

/** A reading as the governor receives it: Celsius where a sensor exists, else macOS's state. */
export type TemperatureSample =
  { celsius: number; readAt: number } | { thermalState: MacThermalState; readAt: number };

export interface ThermalConfig {
  limitC: number;
  /** Set point below the limit. */
  marginC: number;
  /** The loop engages this far below the set point, so it is already cutting when the set point nears. */
  engageBelowC: number;
  /** At limit + this, stop at once (duty 0) until cooled. */
  hotStopAboveC: number;
  /** Cooled means at or below limit - this. */
  resumeBelowC: number;
  /** A throttled GPU must stay cooled this long before full duty returns. */
  coolDownMs: number;
  controlPeriodMs: number;
  /** A reading older than this is stale. */
  staleAfterMs: number;
  staleDuty: number;
  minDuty: number;
  /** Duty per C of error change (proportional) and per C-second of error (integral). */
  kp: number;
  ki: number;
  /** Errors within +- this of the set point do not move the integral. */
  deadBandC: number;
}

export const DEFAULT_THERMAL_CONFIG: Omit<ThermalConfig, 'limitC'> = {
  marginC: 2,
  engageBelowC: 3,
  hotStopAboveC: 2,
  resumeBelowC: 5,
  coolDownMs: 60_000,
  controlPeriodMs: 5_000,
  staleAfterMs: 10_000,
  staleDuty: 0.5,
  minDuty: 0.1,
  kp: 0.1,
  ki: 0.0015,
  deadBandC: 1,
};

export function thermalConfig(limitC: number, overrides: Partial<ThermalConfig> = {}): ThermalConfig {
  return { ...DEFAULT_THERMAL_CONFIG, limitC, ...overrides };
}

export type ThermalPhase = 'full' | 'throttled' | 'cooling';

export interface ThermalState {
  phase: ThermalPhase;
  /** The duty the controller allows when the sensor is fresh. */
  duty: number;
  lastStepAt: number | null;
  /** Error (C over the set point) at the last control step, for the proportional term. */
  lastErrorC: number | null;
  /** Since when the GPU has been at or below the cooled line, for the cool-down. */
  cooledSince: number | null;
}

export const INITIAL_THERMAL_STATE: ThermalState = {
  phase: 'full',
  duty: 1,
  lastStepAt: null,
  lastErrorC: null,
  cooledSince: null,
};

export type ThermalStatus = 'ok' | 'throttled' | 'too-hot' | 'sensor-stale';

export interface ThermalOutput {
  state: ThermalState;
  /** The duty to apply now. */
  duty: number;
  status: ThermalStatus;
  /** The reading the decision used; null when stale or absent (or macOS state only). */
  temperatureC: number | null;
  thermalState: MacThermalState | null;
}

const MAC_STATE_DUTY: Record<MacThermalState, number> = {
  nominal: 1,
  fair: 0.75,
  serious: 0.25,
  critical: 0,
};

function deadBand(error: number, band: number): number {
  return Math.sign(error) * Math.max(0, Math.abs(error) - band);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** One controller step; call it as often as you like, it moves only once per control period. */
export function stepThermal(
  state: ThermalState,
  sample: TemperatureSample | null,
  now: number,
  config: ThermalConfig,
): ThermalOutput {
  if (!sample || now - sample.readAt > config.staleAfterMs) {
    // Keep the state: when the sensor answers again the controller continues where it was.
    const duty = Math.min(state.phase === 'cooling' ? 0 : state.duty, config.staleDuty);
    return { state, duty, status: 'sensor-stale', temperatureC: null, thermalState: null };
  }
  if ('thermalState' in sample) {
    const duty = MAC_STATE_DUTY[sample.thermalState];
    const status: ThermalStatus = duty === 1 ? 'ok' : duty === 0 ? 'too-hot' : 'throttled';
    return { state, duty, status, temperatureC: null, thermalState: sample.thermalState };
  }
  const next = advance(state, sample.celsius, now, config);
  const status: ThermalStatus = next.phase === 'cooling' ? 'too-hot' : next.duty < 1 ? 'throttled' : 'ok';
  const duty = next.phase === 'cooling' ? 0 : next.duty;
  return { state: next, duty, status, temperatureC: sample.celsius, thermalState: null };
}

function advance(state: ThermalState, celsius: number, now: number, config: ThermalConfig): ThermalState {
  const cooled = celsius <= config.limitC - config.resumeBelowC;
  const cooledSince = cooled ? (state.cooledSince ?? now) : null;
  const error = celsius - (config.limitC - config.marginC);

  // Safety first and immediate (not once per period): far over the limit, stop.
  if (celsius >= config.limitC + config.hotStopAboveC) {
    return { phase: 'cooling', duty: state.duty, lastStepAt: now, lastErrorC: error, cooledSince };
  }
  if (state.phase === 'cooling') {
    if (!cooled) return { ...state, cooledSince };
    // Resume below the duty that overheated, so the next approach is gentler.
    const duty = clamp(state.duty * 0.7, config.minDuty, 1);
    return { phase: 'throttled', duty, lastStepAt: now, lastErrorC: error, cooledSince };
  }
  if (state.lastStepAt !== null && now - state.lastStepAt < config.controlPeriodMs) {
    return { ...state, cooledSince };
  }
  // A long gap between evaluations (the app was suspended) must not count as many steps at once.
  const periodSeconds = config.controlPeriodMs / 1000;
  const stepSeconds =
    state.lastStepAt === null ? periodSeconds : Math.min((now - state.lastStepAt) / 1000, 2 * periodSeconds);
  if (state.phase === 'full' && error < -config.engageBelowC) {
    return { ...state, lastStepAt: now, lastErrorC: error, cooledSince };
  }
  if (
    state.phase === 'throttled' &&
    state.duty >= 1 &&
    cooledSince !== null &&
    now - cooledSince >= config.coolDownMs
  ) {
    return { phase: 'full', duty: 1, lastStepAt: now, lastErrorC: error, cooledSince };
  }
  // Velocity-form PI: the change in duty, not the duty, is computed, so clamping never winds up. Both
  // terms see the error less the dead band: a sensor toggling 78/79 C moves nothing.
  const banded = deadBand(error, config.deadBandC);
  const lastBanded = deadBand(state.lastErrorC ?? error, config.deadBandC);
  const change = -config.kp * (banded - lastBanded) - config.ki * banded * stepSeconds;
  const duty = clamp(state.duty + change, config.minDuty, 1);
  return { phase: 'throttled', duty, lastStepAt: now, lastErrorC: error, cooledSince };
}
