// One GPU's own limits, apart from the reasons that stop every GPU: the owner turned it off, another
// program uses it, or its temperature calls for a lower duty. The thermal controller is stepped on
// every evaluation, paused or not, so it knows how hot the GPU is when work may resume.
import type { GovernorCode, GovernorPolicy } from '../../common/governor.js';
import type { GpuGovernorState, GpuSignal } from './governor-signals.js';
import { INITIAL_GPU_STATE } from './governor-signals.js';
import { formatCelsius, formatPercent, formatWait } from './governor-text.js';
import { stepThermal, thermalConfig, type ThermalOutput } from './thermal-controller.js';

export interface GpuRestriction {
  code: GovernorCode;
  /** "Paused", "Waiting" or "Throttled". */
  verb: string;
  detail: string;
  /** The duty this restriction allows (0 for a pause). */
  duty: number;
  until?: number;
}

export interface GpuVerdict {
  state: GpuGovernorState;
  /** The GPU's own restriction, or null when nothing about this GPU holds it back. */
  restriction: GpuRestriction | null;
  temperatureC: number | null;
}

export function evaluateGpu(
  signal: GpuSignal,
  policy: GovernorPolicy,
  previous: GpuGovernorState | undefined,
  now: number,
): GpuVerdict {
  const prev = previous ?? INITIAL_GPU_STATE;
  const own = policy.gpus[signal.id];
  const limitC = own?.temperatureLimitC ?? policy.limits.temperatureLimitC;
  const thermal = stepThermal(prev.thermal, signal.temperature, now, thermalConfig(limitC));

  // Another program's use pauses at once; resuming waits for a quiet period, so a game's loading
  // screen or a render between tiles does not hand the GPU back and forth.
  const use = signal.otherUsePercent;
  const busyNow = use !== null && use > policy.limits.otherGpuUsePercent;
  const busyUntil = busyNow ? now + policy.limits.otherGpuQuietSeconds * 1000 : prev.busyUntil;
  const busyPercent = busyNow ? use : prev.busyPercent;
  const state: GpuGovernorState = {
    thermal: thermal.state,
    busyUntil: busyUntil !== null && busyUntil > now ? busyUntil : null,
    busyPercent: busyUntil !== null && busyUntil > now ? busyPercent : null,
  };

  let restriction: GpuRestriction | null;
  if (own?.enabled === false) {
    restriction = { code: 'gpu-disabled', verb: 'Paused', detail: 'you turned this GPU off', duty: 0 };
  } else if (busyNow) {
    const detail = `another program is using the GPU (${Math.round(use)} %)`;
    restriction = { code: 'gpu-busy', verb: 'Paused', detail, duty: 0 };
  } else if (state.busyUntil !== null) {
    const percent = state.busyPercent === null ? '' : ` (${Math.round(state.busyPercent)} %)`;
    const detail = `another program was using the GPU${percent}, resuming in ${formatWait(state.busyUntil - now)}`;
    restriction = { code: 'gpu-busy', verb: 'Waiting', detail, duty: 0, until: state.busyUntil };
  } else {
    restriction = signal.cpuAdapter ? null : thermalRestriction(thermal, limitC);
  }
  return {
    state,
    restriction: capped(restriction, policy.limits.dutyCap),
    temperatureC: thermal.temperatureC,
  };
}

/** The owner's duty cap (a quieter fan): a GPU never computes more of its time than this. */
function capped(restriction: GpuRestriction | null, cap: number): GpuRestriction | null {
  // A stricter restriction (heat, a pause) tells the truer story; a looser one is overruled by the cap.
  if (cap >= 1 || (restriction && restriction.duty <= cap)) return restriction;
  return {
    code: 'duty-cap',
    verb: 'Throttled',
    detail: `running at ${formatPercent(cap)}, your limit`,
    duty: cap,
  };
}

function thermalRestriction(thermal: ThermalOutput, limitC: number): GpuRestriction | null {
  const running = `running at ${formatPercent(thermal.duty)}`;
  const reading = thermal.thermalState
    ? `macOS reports ${thermal.thermalState} thermal pressure`
    : `${formatCelsius(thermal.temperatureC ?? limitC)}, limit ${formatCelsius(limitC)}`;
  switch (thermal.status) {
    case 'ok':
      return null;
    case 'sensor-stale': {
      // Blind after a hot stop: stay stopped rather than guess it has cooled.
      const detail =
        thermal.duty === 0
          ? 'temperature sensor not reporting, and the GPU was last too hot'
          : `temperature sensor not reporting, ${running}`;
      const verb = thermal.duty === 0 ? 'Paused' : 'Throttled';
      return { code: 'sensor-stale', verb, detail, duty: thermal.duty };
    }
    case 'too-hot': {
      const detail = thermal.thermalState ? reading : `too hot (${reading}), cooling down`;
      return { code: 'too-hot', verb: 'Paused', detail, duty: 0 };
    }
    case 'throttled':
      return { code: 'thermal', verb: 'Throttled', detail: `${reading}, ${running}`, duty: thermal.duty };
  }
}
