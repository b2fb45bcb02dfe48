// The thermal controller against a simulated GPU: holds the owner's limit, does not flap, resumes
// after cooling, and treats a silent sensor as unsafe.
import { describe, expect, it } from 'vitest';
import {
  INITIAL_THERMAL_STATE,
  stepThermal,
  thermalConfig,
  type TemperatureSample,
  type ThermalState,
} from '../../main/core/thermal-controller.js';
import { SimulatedGpu, type SimulationTrace, type ThermalModelOptions } from '../fakes/thermal-model.js';

const LIMIT = 80;
const SETTLE_S = 600;

/** Runs controller and model together for `seconds`, sampling the sensor every second. */
function simulate(
  gpu: SimulatedGpu,
  seconds: number,
  options: { limit?: number; ambient?: (second: number) => number; sensorFrom?: number } = {},
): SimulationTrace & { phases: ThermalState['phase'][] } {
  const config = thermalConfig(options.limit ?? LIMIT);
  let state = INITIAL_THERMAL_STATE;
  let duty = 1;
  const trace = {
    temperatures: [] as number[],
    duties: [] as number[],
    changes: [] as number[],
    phases: [] as ThermalState['phase'][],
  };
  for (let second = 0; second < seconds; second++) {
    if (options.ambient) gpu.ambientC = options.ambient(second);
    const now = second * 1000;
    const output = stepThermal(state, { celsius: gpu.read(), readAt: now }, now, config);
    if (output.duty !== duty) trace.changes.push(second);
    state = output.state;
    duty = output.duty;
    gpu.step(1, duty);
    trace.temperatures.push(gpu.temperatureC);
    trace.duties.push(duty);
    trace.phases.push(state.phase);
  }
  return trace;
}

const after = (values: number[], second: number) => values.slice(second);

describe('holding the limit', () => {
  it('the simulated GPU would reach 95 C unthrottled (so the limit is really being held)', () => {
    const gpu = new SimulatedGpu();
    for (let second = 0; second < 900; second++) gpu.step(1, 1);
    expect(gpu.temperatureC).toBeGreaterThan(94);
  });

  it.each<ThermalModelOptions>([
    { fullLoadRiseC: 65, timeConstantS: 60 },
    { fullLoadRiseC: 55, timeConstantS: 20 },
    { fullLoadRiseC: 55, timeConstantS: 120 },
    { fullLoadRiseC: 80, timeConstantS: 20 },
    { fullLoadRiseC: 80, timeConstantS: 120 },
    { fullLoadRiseC: 65, timeConstantS: 60, noiseC: 1.5, seed: 7 },
  ])('after settling never exceeds limit + 2 C, and uses the headroom (%o)', (model) => {
    const trace = simulate(new SimulatedGpu({ startC: 40, ...model }), 3600);
    const settled = after(trace.temperatures, SETTLE_S);
    expect(Math.max(...settled)).toBeLessThanOrEqual(LIMIT + 2);
    // Held near the limit, not parked far below it: the owner's limit is also their earnings.
    expect(Math.min(...settled)).toBeGreaterThan(LIMIT - 6);
    expect(Math.max(...trace.temperatures)).toBeLessThanOrEqual(LIMIT + 3);
  });

  it('settles instead of flapping: few duty changes an hour, no stop-start', () => {
    const trace = simulate(new SimulatedGpu({ startC: 40 }), 2 * 3600);
    const changesInSecondHour = trace.changes.filter((second) => second >= 3600).length;
    expect(changesInSecondHour).toBeLessThanOrEqual(4);
    expect(trace.changes.length).toBeLessThanOrEqual(60);
    expect(after(trace.duties, SETTLE_S).every((duty) => duty > 0)).toBe(true);
  });

  it('follows a room that warms and cools without exceeding the limit or hunting', () => {
    const ambient = (second: number) => 30 + 4 * Math.sin((2 * Math.PI * second) / 1800);
    const trace = simulate(new SimulatedGpu({ startC: 40 }), 3 * 3600, { ambient });
    expect(Math.max(...after(trace.temperatures, SETTLE_S))).toBeLessThanOrEqual(LIMIT + 2);
    expect(trace.changes.filter((second) => second >= 3600 && second < 7200).length).toBeLessThanOrEqual(120);
  });

  it('a GPU that stays cool is never touched', () => {
    const trace = simulate(new SimulatedGpu({ startC: 40, fullLoadRiseC: 40 }), 3600);
    expect(trace.changes).toEqual([]);
    expect(Math.min(...trace.duties)).toBe(1);
  });
});

describe('cooling down and resuming', () => {
  it('after a heat wave, returns to full duty only once cooled below limit - 5 C for a minute', () => {
    // A 50 C rise: 95 C at full duty in the heat wave (throttled), 70 C once the room is back to 20 C.
    const gpu = new SimulatedGpu({ startC: 40, fullLoadRiseC: 50 });
    const ambient = (second: number) => (second < 1200 ? 45 : 20);
    const trace = simulate(gpu, 3600, { ambient });
    const backToFull = trace.phases.findIndex((phase, second) => second > 1200 && phase === 'full');
    expect(Math.min(...trace.duties.slice(600, 1200))).toBeLessThan(0.8); // really throttled before
    expect(backToFull).toBeGreaterThan(1200);
    expect(trace.duties[backToFull]).toBe(1);
    expect(after(trace.duties, backToFull).every((duty) => duty === 1)).toBe(true);
    // The minute before: cooled the whole time.
    const minuteBefore = trace.temperatures.slice(backToFull - 60, backToFull);
    expect(Math.max(...minuteBefore)).toBeLessThanOrEqual(LIMIT - 5 + 0.5);
  });

  it('stops at once over limit + 2 C, even between control steps, and resumes gentler once cooled', () => {
    const config = thermalConfig(LIMIT);
    const hot = stepThermal(INITIAL_THERMAL_STATE, reading(76, 0), 0, config);
    const stopped = stepThermal(hot.state, reading(82, 1000), 1000, config);
    expect(stopped).toMatchObject({ duty: 0, status: 'too-hot' });
    const stillWarm = stepThermal(stopped.state, reading(78, 30_000), 30_000, config);
    expect(stillWarm.duty).toBe(0);
    const cooled = stepThermal(stillWarm.state, reading(75, 60_000), 60_000, config);
    expect(cooled.status).toBe('throttled');
    expect(cooled.duty).toBeGreaterThan(0);
    expect(cooled.duty).toBeLessThan(hot.duty);
  });
});

describe('an unreliable sensor', () => {
  const config = thermalConfig(LIMIT);

  it('a reading older than 10 s is stale: half duty, reported as such', () => {
    const output = stepThermal(INITIAL_THERMAL_STATE, reading(60, 0), 10_001, config);
    expect(output).toMatchObject({ duty: 0.5, status: 'sensor-stale', temperatureC: null });
  });

  it('no reading at all is the same', () => {
    expect(stepThermal(INITIAL_THERMAL_STATE, null, 0, config)).toMatchObject({
      duty: 0.5,
      status: 'sensor-stale',
    });
  });

  it('never raises the duty while blind, and continues where it was when the sensor returns', () => {
    const throttled: ThermalState = { ...INITIAL_THERMAL_STATE, phase: 'throttled', duty: 0.3 };
    expect(stepThermal(throttled, null, 0, config).duty).toBe(0.3);
    const cooling: ThermalState = { ...throttled, phase: 'cooling' };
    expect(stepThermal(cooling, null, 0, config).duty).toBe(0);
    expect(stepThermal(throttled, reading(78, 5000), 5000, config).duty).toBeCloseTo(0.3, 2);
  });

  it('in the loop: a sensor that dies mid-run halves the duty within its stale window', () => {
    const gpu = new SimulatedGpu({ startC: 40, fullLoadRiseC: 40 });
    let state = INITIAL_THERMAL_STATE;
    let lastSample: TemperatureSample | null = null;
    const duties: number[] = [];
    for (let second = 0; second < 120; second++) {
      const now = second * 1000;
      if (second < 60) lastSample = { celsius: gpu.read(), readAt: now };
      const output = stepThermal(state, lastSample, now, config);
      state = output.state;
      duties.push(output.duty);
      gpu.step(1, output.duty);
    }
    expect(duties[59]).toBe(1);
    expect(duties[70]).toBe(0.5);
    expect(duties[119]).toBe(0.5);
  });
});

describe('macOS thermal pressure', () => {
  it.each([
    ['nominal', 1, 'ok'],
    ['fair', 0.75, 'throttled'],
    ['serious', 0.25, 'throttled'],
    ['critical', 0, 'too-hot'],
  ] as const)('%s -> duty %s', (thermalState, duty, status) => {
    const output = stepThermal(INITIAL_THERMAL_STATE, { thermalState, readAt: 0 }, 0, thermalConfig(LIMIT));
    expect(output).toMatchObject({ duty, status, thermalState });
  });
});

function reading(celsius: number, readAt: number): TemperatureSample {
  return { celsius, readAt };
}
