// The governor service on a fake clock with scripted readers and GPU controls that record their
// calls: each signal reaches the GPU, the yield path is synchronous, a broken reader never stops a
// decision, controls are not repeated, and stop() leaves no timer behind.
import { describe, expect, it } from 'vitest';
import type { GovernorDecision, GovernorMode } from '../../common/governor.js';
import type { ProcessInfo } from '../../main/core/game-detection.js';
import {
  GovernorService,
  type GovernorServiceOptions,
  type ServiceClock,
} from '../../main/governor/governor-service.js';
import type { IdleReading, IdleSource } from '../../main/hardware/idle/idle-source.js';
import type { PowerState } from '../../main/hardware/power.js';
import type { GpuTemperatureReading } from '../../main/hardware/temperature/reading.js';
import { makePolicy, MINUTE, MONDAY_NOON, SECOND } from '../fakes/governor-harness.js';

class FakeClock implements ServiceClock {
  private time = MONDAY_NOON;
  private nextId = 1;
  readonly timers = new Map<number, { at: number; callback: () => void }>();
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (id: unknown) => void this.timers.delete(id as number);

  /** Runs every timer due within `ms`, in order, letting promise callbacks settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const never = () => new Promise<never>(() => undefined);

/** A PC as the readers see it; tests change it and advance the clock. */
function world(clock: FakeClock) {
  const w = {
    lastInputAt: clock.now(),
    idleFails: false,
    idleHangs: false,
    processes: [] as ProcessInfo[],
    power: { onBattery: false, hasBattery: true } as PowerState,
    powerFails: false,
    celsius: 60,
    utilization: 0,
    temperatureFails: false,
    jobInProgress: true,
    /** Reads each reader answered, by reader: what the governor costs the owner's machine. */
    reads: { processes: 0, idle: 0, temperature: 0 },
  };
  const idleSource: IdleSource = {
    name: 'electron',
    describe: () => 'fake',
    read: (): Promise<IdleReading | null> => {
      w.reads.idle++;
      if (w.idleHangs) return never();
      if (w.idleFails) return Promise.reject(new Error('idle broke'));
      return Promise.resolve({ idleSeconds: (clock.now() - w.lastInputAt) / SECOND, locked: false });
    },
  };
  const reading = (): GpuTemperatureReading => ({
    key: 'nvidia:GPU-1',
    source: 'nvidia-smi',
    pciBusId: '0000:01:00.0',
    name: 'RTX 4090',
    temperatureC: w.celsius,
    thermalState: null,
    utilizationPercent: w.utilization,
    readAt: clock.now(),
  });
  const readers = {
    idleSource,
    processes: {
      list: () => {
        w.reads.processes++;
        return Promise.resolve(w.processes);
      },
    },
    power: { read: () => (w.powerFails ? Promise.reject(new Error('no pmset')) : Promise.resolve(w.power)) },
    temperatures: [
      {
        name: 'nvidia-smi',
        read: () => {
          w.reads.temperature++;
          return w.temperatureFails ? never() : Promise.resolve([reading()]);
        },
      },
    ],
  };
  return { w, readers };
}

function setup(policyInput: unknown = { limits: { idleStartSeconds: 60 } }) {
  const clock = new FakeClock();
  const { w, readers } = world(clock);
  const calls: string[] = [];
  const control = {
    pause: () => {
      calls.push('pause');
      return Promise.resolve(3);
    },
    resume: () => void calls.push('resume'),
    setDuty: (duty: number) => void calls.push(`duty ${Math.round(duty * 1000) / 1000}`),
  };
  let policy = makePolicy(policyInput);
  const modes: GovernorMode[] = [];
  const logs: string[] = [];
  const options: GovernorServiceOptions = {
    clock,
    policy: { get: () => policy, setMode: (mode) => void modes.push(mode) },
    ...readers,
    gpus: [{ id: 'gpu0', label: 'RTX 4090', sensor: { pciBusId: '00000000:01:00.0' }, control }],
    jobInProgress: () => w.jobInProgress,
    log: (message) => void logs.push(message),
  };
  const service = new GovernorService(options);
  const decisions: GovernorDecision[] = [];
  service.onDecision((decision) => decisions.push(decision));
  const setPolicy = (input: unknown) => (policy = makePolicy(input));
  return { clock, w, calls, service, decisions, modes, logs, setPolicy };
}

/** The owner walked away long enough ago for Auto to run. */
async function running(t: ReturnType<typeof setup>) {
  t.w.lastInputAt = t.clock.now() - 10 * MINUTE;
  t.service.start();
  await t.clock.advance(SECOND);
  expect(t.service.current().action).toBe('run');
  t.calls.length = 0;
}

describe('governor service', () => {
  it('does nothing until started, then runs once the owner has been idle long enough', async () => {
    const t = setup();
    expect(t.clock.timers.size).toBe(0);
    expect(t.service.current().code).toBe('idle-unknown'); // what it would decide, nothing applied
    expect(t.calls).toEqual([]);

    t.service.start();
    await t.clock.advance(SECOND);
    expect(t.service.current().reason).toBe('Paused: you are using this PC (starts after 1 min idle)');
    expect(t.calls).toEqual(['pause']);
    await t.clock.advance(60 * SECOND);
    expect(t.service.current()).toMatchObject({ action: 'run', reason: 'Running: idle for 1 min' });
    expect(t.calls).toEqual(['pause', 'resume', 'duty 1']);
  });

  it('pauses inside signalActivity(), before it returns', async () => {
    const t = setup();
    await running(t);
    const started = performance.now();
    t.service.signalActivity();
    const elapsed = performance.now() - started;
    expect(t.calls).toEqual(['pause']); // no await above: the yield path is synchronous
    expect(elapsed).toBeLessThan(20);
    expect(t.service.current()).toMatchObject({ action: 'pause', code: 'waiting-idle' });
    expect(t.decisions.at(-1)?.reason).toBe('Paused: you are using this PC (starts after 1 min idle)');
  });

  it('issues no control again while nothing changes', async () => {
    const t = setup();
    await running(t);
    await t.clock.advance(5 * MINUTE);
    expect(t.calls).toEqual([]);
  });

  it('pauses for a game, naming its executable, and runs again when it exits', async () => {
    const t = setup();
    await running(t);
    t.w.processes = [{ name: 'C:\\Games\\ELDEN RING\\Game\\eldenring.exe' }];
    await t.clock.advance(2 * SECOND);
    expect(t.service.current().reason).toBe('Paused: game running (eldenring.exe)');
    expect(t.calls).toEqual(['pause']);
    t.w.processes = [];
    await t.clock.advance(2 * SECOND);
    expect(t.calls).toEqual(['pause', 'resume', 'duty 1']);
  });

  it('pauses on battery', async () => {
    const t = setup();
    await running(t);
    t.w.power = { onBattery: true, hasBattery: true };
    await t.clock.advance(5 * SECOND);
    expect(t.service.current()).toMatchObject({ action: 'pause', reason: 'Paused: on battery' });
    expect(t.calls).toEqual(['pause']);
  });

  it('applies the thermal duty when the GPU runs over its limit', async () => {
    const t = setup();
    await running(t);
    t.w.celsius = 81; // over the 78 C set point, under the 82 C hard stop
    await t.clock.advance(30 * SECOND);
    const decision = t.service.current();
    expect(decision).toMatchObject({ action: 'throttle', code: 'thermal' });
    expect(decision.duty).toBeLessThan(1);
    expect(t.calls.at(-1)).toBe(`duty ${Math.round(decision.duty * 1000) / 1000}`);
    expect(t.calls).not.toContain('pause');
    t.w.celsius = 90;
    await t.clock.advance(3 * SECOND);
    expect(t.service.current().code).toBe('too-hot');
    expect(t.calls.at(-1)).toBe('pause');
  });

  it('still decides when readers throw or hang: unknown idle never starts work', async () => {
    const t = setup();
    await running(t);
    t.w.idleFails = true;
    t.w.powerFails = true;
    await t.clock.advance(5 * SECOND);
    expect(t.service.current().code).toBe('idle-unknown');
    expect(t.calls).toEqual(['pause']);
    expect(t.logs).toContain('governor: idle detection failed: idle broke');
    expect(t.logs).toContain('governor: power state failed: no pmset');

    t.w.idleFails = false; // back, still away from the PC; power keeps its last state (mains)
    t.w.lastInputAt = t.clock.now() - 10 * MINUTE;
    await t.clock.advance(SECOND);
    expect(t.service.current().action).toBe('run');
    expect(t.logs.at(-1)).toBe('governor: idle detection answers again');

    t.w.idleHangs = true;
    await t.clock.advance(4 * SECOND);
    expect(t.service.current().action).toBe('run'); // the last reading stands until the time limit
    await t.clock.advance(2 * SECOND);
    expect(t.service.current().code).toBe('idle-unknown');
    expect(t.logs.at(-1)).toMatch(/idle detection failed.*did not answer within 5000 ms/);
    t.w.idleHangs = false;
    await t.clock.advance(10 * SECOND); // the hung read never ends: no new read piles up behind it
    expect(t.service.current().code).toBe('idle-unknown');
  });

  it('treats a temperature reading that stopped coming as unsafe: reduced duty', async () => {
    const t = setup();
    await running(t);
    t.w.temperatureFails = true;
    await t.clock.advance(15 * SECOND);
    expect(t.service.current()).toMatchObject({ action: 'throttle', code: 'sensor-stale', duty: 0.5 });
    expect(t.calls).toEqual(['duty 0.5']);
  });

  it('reports a mode decide() moved on once: a snooze ends', async () => {
    const t = setup({ mode: { kind: 'snoozed', until: MONDAY_NOON + 3 * SECOND, resumeTo: 'auto' } });
    t.w.lastInputAt = t.clock.now() - 10 * MINUTE;
    t.service.start();
    await t.clock.advance(SECOND);
    expect(t.service.current().code).toBe('snoozed');
    await t.clock.advance(10 * SECOND); // the caller has not persisted it yet: still one report
    expect(t.modes).toEqual([{ kind: 'auto' }]);
    expect(t.service.current().action).toBe('run');
    t.setPolicy({ mode: { kind: 'auto' } });
    await t.clock.advance(SECOND);
    expect(t.modes).toHaveLength(1);
  });

  it('re-sends the controls to a job that starts afresh in the worker', async () => {
    const t = setup();
    t.w.jobInProgress = false;
    await running(t);
    t.w.jobInProgress = true;
    await t.clock.advance(SECOND);
    expect(t.calls).toEqual(['resume', 'duty 1']);
  });

  it('pauses for other programs using the GPU only when the reading is not our own use', async () => {
    const t = setup();
    await running(t);
    t.w.utilization = 97; // our job
    await t.clock.advance(10 * SECOND);
    expect(t.service.current().action).toBe('run');
    t.w.jobInProgress = false;
    await t.clock.advance(6 * SECOND);
    expect(t.service.current()).toMatchObject({ action: 'pause', code: 'gpu-busy' });
  });

  it('suspend stops at once; after a wake the grace period holds', async () => {
    const t = setup();
    await running(t);
    t.service.signalSuspend();
    expect(t.calls).toEqual(['pause']);
    t.service.signalResume();
    expect(t.service.current().code).toBe('resume-grace');
  });

  it('stop() clears every timer, a hung read included; start() again works', async () => {
    const t = setup();
    t.w.temperatureFails = true;
    const stop = t.service.start();
    await t.clock.advance(2 * SECOND); // the hung read's time limit is still pending
    stop();
    expect(t.clock.timers.size).toBe(0);
    const count = t.decisions.length;
    await t.clock.advance(MINUTE);
    expect(t.decisions).toHaveLength(count);
    t.service.start()();
    expect(t.clock.timers.size).toBe(0);
  });
});

describe('what watching costs', () => {
  const readsOver = async (t: ReturnType<typeof setup>, ms: number) => {
    const before = { ...t.w.reads };
    await t.clock.advance(ms);
    return {
      processes: t.w.reads.processes - before.processes,
      idle: t.w.reads.idle - before.idle,
      temperature: t.w.reads.temperature - before.temperature,
    };
  };

  it('reads seldom while the owner has paused, and everything at once when they resume', async () => {
    const t = setup({ mode: { kind: 'paused' } });
    t.w.jobInProgress = false;
    t.service.start();
    await t.clock.advance(SECOND);
    expect(t.service.pollPace).toBe('resting');
    const paused = await readsOver(t, 10 * MINUTE);
    // 10 min at 2 s / 3 s / 250 ms would be 300 / 200 / 2400 reads.
    expect(paused.processes).toBeLessThanOrEqual(21);
    expect(paused.temperature).toBeLessThanOrEqual(14);
    expect(paused.idle).toBeLessThanOrEqual(161);

    // The owner resumes while a game has started: the stale list must not let work run for long.
    t.w.processes = [{ name: 'eldenring.exe' }];
    t.w.lastInputAt = t.clock.now() - 10 * MINUTE;
    t.setPolicy({ mode: { kind: 'run-now' } });
    const reads = t.w.reads.processes;
    t.service.reevaluate();
    expect(t.w.reads.processes).toBe(reads + 1); // read at once, not at the end of a resting wait
    await t.clock.advance(0);
    expect(t.service.current()).toMatchObject({ action: 'pause', code: 'game' });
  });

  it('while waiting for idle, reads the idle counter when the threshold can first be reached', async () => {
    const t = setup({ limits: { idleStartSeconds: 300 } });
    t.w.jobInProgress = false;
    t.service.start();
    await t.clock.advance(SECOND);
    expect(t.service.current().code).toBe('waiting-idle');
    expect(t.service.pollPace).toBe('waiting');
    // The owner left at the start: Auto runs within a few seconds of the 5 min threshold...
    await t.clock.advance(5 * MINUTE - 2 * SECOND);
    expect(t.service.current().action).toBe('pause');
    await t.clock.advance(6 * SECOND);
    expect(t.service.current().action).toBe('run');
    // ...and reading far less often than every 250 ms while it waited (1200 reads).
    const t2 = setup({ limits: { idleStartSeconds: 300 } });
    t2.w.jobInProgress = false;
    t2.service.start();
    const waiting = await readsOver(t2, 4 * MINUTE);
    expect(waiting.idle).toBeLessThanOrEqual(200);
    expect(waiting.processes).toBeLessThanOrEqual(25);
  });

  it('reads at the full pace while computing', async () => {
    const t = setup();
    await running(t);
    expect(t.service.pollPace).toBe('computing');
    const busy = await readsOver(t, MINUTE);
    expect(busy.processes).toBeGreaterThanOrEqual(29);
    expect(busy.idle).toBeGreaterThanOrEqual(230);
  });
});
