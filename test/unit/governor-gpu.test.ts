// Per-GPU limits inside the governor's decision: other programs' GPU use, the owner's per-GPU
// switch and temperature limit, stale sensors, macOS thermal pressure, several GPUs at once.
import { describe, expect, it } from 'vitest';
import { GovernorHarness, MINUTE, SECOND } from '../fakes/governor-harness.js';

const running = () => new GovernorHarness({ policy: { mode: { kind: 'run-now' } } });

describe('another program using the GPU', () => {
  it('pauses at once, then waits out a quiet period before resuming', () => {
    const pc = running();
    pc.gpu().otherUsePercent = 74;
    expect(pc.evaluate()).toMatchObject({
      action: 'pause',
      reason: 'Paused: another program is using the GPU (74 %)',
    });
    pc.gpu().otherUsePercent = 5;
    expect(pc.advance(10 * SECOND)).toMatchObject({
      action: 'pause',
      code: 'gpu-busy',
      reason: 'Waiting: another program was using the GPU (74 %), resuming in 20 s',
      until: pc.now + 20 * SECOND,
    });
    expect(pc.advance(20 * SECOND).action).toBe('run');
  });

  it('a loading screen’s dip does not hand the GPU back', () => {
    const pc = running();
    let runs = 0;
    for (let second = 0; second < 120; second++) {
      pc.gpu().otherUsePercent = second % 20 < 15 ? 90 : 3; // 15 s of game, 5 s of loading screen
      if (pc.advance(SECOND).action === 'run') runs++;
    }
    expect(runs).toBe(0);
  });

  it('use at or under the threshold, or unknown, does not pause', () => {
    const pc = running();
    pc.gpu().otherUsePercent = 25;
    expect(pc.evaluate().action).toBe('run');
    pc.gpu().otherUsePercent = null;
    expect(pc.evaluate().action).toBe('run');
  });
});

describe('temperature in the decision', () => {
  it('holds a hot GPU under the limit with a lower duty and says so', () => {
    const pc = running();
    pc.gpu().celsius = 81;
    const decision = pc.advance(30 * SECOND);
    expect(decision.action).toBe('throttle');
    expect(decision.duty).toBeGreaterThan(0);
    expect(decision.duty).toBeLessThan(1);
    expect(decision.reason).toMatch(/^Throttled: 81 C, limit 80 C, running at \d+ %$/);
    expect(decision.gpus[0]).toMatchObject({ action: 'throttle', code: 'thermal', temperatureC: 81 });
  });

  it('stops a GPU over limit + 2 C until it has cooled', () => {
    const pc = running();
    pc.gpu().celsius = 83;
    expect(pc.evaluate()).toMatchObject({
      action: 'pause',
      reason: 'Paused: too hot (83 C, limit 80 C), cooling down',
    });
    pc.gpu().celsius = 77;
    expect(pc.advance(MINUTE).action).toBe('pause');
    pc.gpu().celsius = 74;
    expect(pc.advance(SECOND).action).not.toBe('pause');
  });

  it('a sensor that stopped reporting means half speed, shown as such', () => {
    const pc = running();
    pc.gpu().frozenAt = pc.now;
    expect(pc.advance(5 * SECOND).action).toBe('run');
    expect(pc.advance(10 * SECOND)).toMatchObject({
      action: 'throttle',
      duty: 0.5,
      code: 'sensor-stale',
      reason: 'Throttled: temperature sensor not reporting, running at 50 %',
    });
  });

  it('a GPU without any sensor is treated the same way', () => {
    const pc = running();
    pc.gpu().celsius = null;
    expect(pc.evaluate()).toMatchObject({ action: 'throttle', duty: 0.5, code: 'sensor-stale' });
  });

  it('a software (CPU) adapter has no GPU sensor to miss and runs at full speed', () => {
    const pc = running();
    pc.gpu().celsius = null;
    pc.gpu().cpuAdapter = true;
    expect(pc.evaluate()).toMatchObject({ action: 'run', duty: 1, code: 'running' });
  });

  it('uses a per-GPU limit where the owner set one', () => {
    const pc = new GovernorHarness({
      policy: { mode: { kind: 'run-now' }, gpus: { gpu0: { temperatureLimitC: 70 } } },
    });
    pc.gpu().celsius = 72;
    expect(pc.evaluate().reason).toBe('Paused: too hot (72 C, limit 70 C), cooling down');
  });

  it('on macOS, thermal pressure stands in for a temperature', () => {
    const pc = running();
    pc.gpu().thermalState = 'serious';
    expect(pc.evaluate()).toMatchObject({
      action: 'throttle',
      duty: 0.25,
      reason: 'Throttled: macOS reports serious thermal pressure, running at 25 %',
    });
    pc.gpu().thermalState = 'critical';
    expect(pc.evaluate()).toMatchObject({
      action: 'pause',
      reason: 'Paused: macOS reports critical thermal pressure',
    });
  });
});

describe('several GPUs', () => {
  const twoGpus = (policy: unknown = { mode: { kind: 'run-now' } }) => {
    const pc = new GovernorHarness({ policy });
    pc.gpus.push({ id: 'gpu1', label: 'RTX 3060', celsius: 50, otherUsePercent: 0 });
    return pc;
  };

  it('a GPU the owner turned off stays off while the other one works', () => {
    const pc = twoGpus({ mode: { kind: 'run-now' }, gpus: { gpu0: { enabled: false } } });
    const decision = pc.evaluate();
    expect(decision).toMatchObject({ action: 'run', duty: 1 });
    expect(decision.gpus.map((gpu) => [gpu.gpuId, gpu.action, gpu.reason])).toEqual([
      ['gpu0', 'pause', 'Paused: you turned this GPU off'],
      ['gpu1', 'run', 'Running: Run now (idle and schedule ignored)'],
    ]);
    expect(decision.blockers).toEqual(['gpu-disabled']);
  });

  it('when no GPU runs at full speed, the reason names the GPU', () => {
    const pc = twoGpus();
    pc.gpu(0).celsius = null;
    pc.gpu(1).otherUsePercent = 60;
    expect(pc.evaluate()).toMatchObject({
      action: 'throttle',
      duty: 0.5,
      reason: 'Throttled (RTX 4090): temperature sensor not reporting, running at 50 %',
    });
  });

  it('with every GPU off, the decision is a pause', () => {
    const pc = new GovernorHarness({
      policy: { mode: { kind: 'run-now' }, gpus: { gpu0: { enabled: false } } },
    });
    expect(pc.evaluate()).toMatchObject({ action: 'pause', reason: 'Paused: you turned this GPU off' });
  });

  it('with no GPU at all, says so before anything else', () => {
    const pc = running();
    pc.gpus = [];
    pc.onBattery = true;
    expect(pc.evaluate()).toMatchObject({
      action: 'pause',
      code: 'no-gpu',
      reason: 'Paused: no usable GPU found',
    });
  });
});

describe("the owner's duty cap", () => {
  const capped = (dutyCap: number) =>
    new GovernorHarness({ policy: { mode: { kind: 'run-now' }, limits: { dutyCap } } });

  it('holds a cool GPU at the cap and says it is the owner’s limit', () => {
    const pc = capped(0.5);
    pc.gpu().celsius = 55;
    expect(pc.evaluate()).toMatchObject({
      action: 'throttle',
      duty: 0.5,
      code: 'duty-cap',
      reason: 'Throttled: running at 50 %, your limit',
    });
  });

  it('gives way to a stricter restriction: heat over the cap still pauses', () => {
    const pc = capped(0.5);
    pc.gpu().celsius = 83;
    expect(pc.evaluate()).toMatchObject({ action: 'pause', duty: 0, code: 'too-hot' });
  });

  it('a cap of 1 changes nothing', () => {
    const pc = capped(1);
    pc.gpu().celsius = 55;
    expect(pc.evaluate()).toMatchObject({ action: 'run', duty: 1 });
  });
});
