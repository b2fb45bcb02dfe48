// The governor at work: polls the signals (idle, processes, temperatures, power), runs decide() after
// every update and applies the decision to the GPU worker(s).
//
// The yield path is synchronous: signalActivity() (Electron's powerMonitor, the UI) sets the owner
// active, decides, and calls pause() on every running GPU before it returns; nothing waits for a poll.
// Polls cover what has no event: the idle counter of a headless PC, games starting, heat, the mains.
//
// A reader that fails or hangs never stops the service. Its signal becomes what is safe: idle
// 'unknown' (no start on a guess); temperatures keep their last reading, which turns stale, and the
// thermal controller treats stale as unsafe; processes and power keep their last known value (a game
// seen running keeps pausing). Power never read at all counts as mains: a desktop whose reader fails
// must not show "on battery", which would be false.
import type { GpuTelemetry } from '../../common/dashboard-api.js';
import type { GovernorDecision, GovernorMode, GovernorPolicy } from '../../common/governor.js';
import type { ProcessInfo } from '../core/game-detection.js';
import { decide } from '../core/governor.js';
import { paceIntervals, pollPace, type PaceIntervals, type PollPace } from '../core/poll-pace.js';
import {
  INITIAL_GOVERNOR_STATE,
  type GovernorResult,
  type GovernorSignals,
  type GovernorState,
  type IdleSignal,
} from '../core/governor-signals.js';
import { toIdleSignal } from '../hardware/idle/idle-source.js';
import type { PowerState } from '../hardware/power.js';
import type { GpuTemperatureReading, TemperatureReader } from '../hardware/temperature/reading.js';
import { GpuControlApplier } from './gpu-controls.js';
import { findReading, toGpuSignal } from './gpu-signals.js';
import { repeat, startPolling, type PollResult, type Repeater } from './poller.js';
import { DEFAULT_INTERVALS, IDLE_INTERVAL_MS, type GovernorServiceOptions } from './service-options.js';

export type { GpuControl } from './gpu-controls.js';
export type { GovernedGpu } from './gpu-signals.js';
export { systemClock, type ServiceClock } from './poller.js';
export * from './service-options.js';

type DecisionListener = (decision: GovernorDecision) => void;
const PACE_ORDER: readonly PollPace[] = ['computing', 'waiting', 'resting'];

export class GovernorService {
  private state: GovernorState = INITIAL_GOVERNOR_STATE;
  private idle: IdleSignal;
  private power: PowerState | null = null;
  private processes: readonly ProcessInfo[] = [];
  private readonly readings = new Map<TemperatureReader, GpuTemperatureReading[]>();
  private suspending = false;
  private resumedAt: number | null = null;
  private jobWasInProgress = false;
  private readonly lastComputedAt = new Map<string, number>();
  private readonly applier: GpuControlApplier;
  private readonly listeners = new Set<DecisionListener>();
  private readonly failing = new Set<string>();
  private last: GovernorDecision | undefined;
  private lastShown = '';
  private reportedMode: GovernorMode | undefined;
  private running = false;
  /** How often readers are polled now (see core/poll-pace.ts), and the pollers to hurry. */
  private pace: PollPace = 'computing';
  private readers: Repeater[] = [];

  constructor(private readonly options: GovernorServiceOptions) {
    this.idle = options.idleSource.name === 'none' ? 'none' : 'unknown';
    const controls = new Map(options.gpus.map((gpu) => [gpu.id, gpu.control]));
    this.applier = new GpuControlApplier(controls, (message) => this.log(message));
  }

  /** Decides at once, then polls; returns the stop function, which clears every timer. */
  start(): () => void {
    if (this.running) throw new Error('the governor service is already running');
    const { clock, idleSource, processes, power, temperatures } = this.options;
    const { timeoutMs: _timeout, ...every } = { ...DEFAULT_INTERVALS, ...this.options.intervals };
    const base: PaceIntervals = { ...every, idleMs: IDLE_INTERVAL_MS[idleSource.name] };
    const now = (): PaceIntervals => {
      const last = this.last;
      const untilIdle =
        last?.code === 'waiting-idle' && last.until !== undefined ? last.until - clock.now() : undefined;
      return paceIntervals(this.pace, base, untilIdle);
    };
    this.evaluate();
    this.readers = [
      this.poll(
        'process list',
        () => now().processesMs,
        () => processes.list(),
        (list) => (this.processes = list),
      ),
      this.poll(
        'power state',
        () => now().powerMs,
        () => power.read(),
        (state) => (this.power = state),
      ),
      ...temperatures.map((reader) =>
        this.poll(
          reader.name,
          () => now().temperatureMs,
          () => reader.read(),
          (r) => this.readings.set(reader, r),
        ),
      ),
    ];
    if (base.idleMs !== null) {
      this.readers.push(
        this.poll(
          'idle detection',
          () => now().idleMs ?? base.idleMs!,
          () => idleSource.read(),
          (reading) => (this.idle = toIdleSignal(idleSource, reading)),
          () => (this.idle = 'unknown'),
        ),
      );
    }
    const ticker = repeat(
      clock,
      () => now().tickMs,
      () => this.evaluate(),
    );
    this.running = true;
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.running = false;
      [...this.readers, ticker].forEach((repeater) => repeater.stop());
      this.readers = [];
    };
  }

  /** The pace the readers are polled at now: 'computing', 'waiting' or 'resting'. */
  get pollPace(): PollPace {
    return this.pace;
  }

  /** The latest decision (before start(): what would be decided now, without applying it). */
  current(): GovernorDecision {
    return this.last ?? this.decideNow(this.options.policy.get(), this.options.jobInProgress()).decision;
  }

  /** Each governed GPU's latest readings beside what the governor lets it do (no new read). */
  telemetry(): GpuTelemetry[] {
    const readings = [...this.readings.values()].flat();
    const decision = this.current();
    return this.options.gpus.map((gpu) => {
      const reading = findReading(gpu, readings, this.options.gpus.length);
      const ruling = decision.gpus.find((g) => g.gpuId === gpu.id);
      return {
        id: gpu.id,
        label: gpu.label,
        temperatureC: reading?.temperatureC ?? null,
        utilizationPercent: reading?.utilizationPercent ?? null,
        powerW: reading?.powerDrawW ?? null,
        action: ruling?.action ?? decision.action,
        duty: ruling?.duty ?? decision.duty,
        reason: ruling?.reason ?? decision.reason,
      };
    });
  }

  /** Called with each decision that differs from the one before; returns the unsubscribe function. */
  onDecision(listener: DecisionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The owner is active now (input, unlock): decide and pause before returning. */
  signalActivity(): void {
    if (this.idle === 'none') return; // schedule only: the owner chose not to follow activity
    this.idle = { idleSeconds: 0, locked: false };
    this.evaluate();
  }

  /** The OS is about to sleep: stop now. */
  signalSuspend(): void {
    this.suspending = true;
    this.evaluate();
  }

  /** The OS woke up: the governor waits out its grace period (the owner usually woke it to use it). */
  signalResume(): void {
    this.suspending = false;
    this.resumedAt = this.options.clock.now();
    this.evaluate();
  }

  /** Decide now: the owner changed the policy (Pause, Snooze, limits). */
  reevaluate(): GovernorDecision {
    this.evaluate();
    return this.current();
  }

  /** Polls one reader; every answer, or failure, is followed by a decision. */
  private poll<T>(
    name: string,
    intervalMs: () => number,
    read: () => Promise<T>,
    onValue: (value: T) => void,
    onFailure?: () => void,
  ): Repeater {
    const { clock, intervals } = this.options;
    const timeoutMs = intervals?.timeoutMs ?? DEFAULT_INTERVALS.timeoutMs;
    return startPolling({
      clock,
      intervalMs,
      timeoutMs,
      read,
      onResult: (result) => {
        this.noteHealth(name, result);
        if (result.ok) onValue(result.value);
        else onFailure?.();
        this.evaluate();
      },
    });
  }

  private evaluate(): void {
    try {
      const policy = this.options.policy.get();
      const jobInProgress = this.options.jobInProgress();
      if (jobInProgress && !this.jobWasInProgress) this.applier.forget(); // a fresh task in the worker
      this.jobWasInProgress = jobInProgress;
      const result = this.decideNow(policy, jobInProgress);
      this.state = result.state;
      this.last = result.decision;
      this.applier.apply(result.decision); // first: the yield path waits for nothing else
      this.publish(result.decision);
      this.reportMode(policy.mode, result.mode);
      this.setPace(pollPace(result.decision, jobInProgress));
    } catch (error) {
      this.log(`the governor could not decide: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * A faster pace reads every signal at once: the owner resumed, or a job started, and a process
   * list or temperature up to a resting interval old must not decide what the GPU does next.
   */
  private setPace(pace: PollPace): void {
    if (pace === this.pace) return;
    const faster = PACE_ORDER.indexOf(pace) < PACE_ORDER.indexOf(this.pace);
    this.pace = pace;
    if (faster) for (const reader of this.readers) reader.now();
  }

  private decideNow(policy: GovernorPolicy, jobInProgress: boolean): GovernorResult {
    const now = this.options.clock.now();
    const readings = [...this.readings.values()].flat();
    const gpus = this.options.gpus.map((gpu) => {
      const duty = this.applier.dutyOf(gpu.id);
      if (jobInProgress && duty !== undefined && duty > 0) this.lastComputedAt.set(gpu.id, now);
      const reading = findReading(gpu, readings, this.options.gpus.length);
      return toGpuSignal(gpu, reading, this.lastComputedAt.get(gpu.id) ?? null);
    });
    const signals: GovernorSignals = {
      idle: this.idle,
      onBattery: this.power?.onBattery ?? false,
      suspending: this.suspending,
      resumedAt: this.resumedAt,
      processes: this.processes,
      jobInProgress,
      gpus,
    };
    return decide(policy, signals, this.state, now);
  }

  private publish(decision: GovernorDecision): void {
    const shown = JSON.stringify(decision);
    if (shown === this.lastShown) return;
    this.lastShown = shown;
    for (const listener of this.listeners) {
      try {
        listener(decision);
      } catch (error) {
        this.log(`a decision listener failed: ${String(error)}`);
      }
    }
  }

  /** Tells the caller once about a mode decide() moved on, until the policy reflects it. */
  private reportMode(policyMode: GovernorMode, mode: GovernorMode): void {
    if (mode === policyMode) {
      this.reportedMode = undefined; // advanceMode returns the policy's own object when unchanged
      return;
    }
    if (this.reportedMode && JSON.stringify(this.reportedMode) === JSON.stringify(mode)) return;
    this.reportedMode = mode;
    this.options.policy.setMode(mode);
  }

  private noteHealth(name: string, result: PollResult<unknown>): void {
    if (result.ok === !this.failing.has(name)) return;
    if (result.ok) {
      this.failing.delete(name);
      this.log(`${name} answers again`);
    } else {
      this.failing.add(name);
      this.log(`${name} failed: ${result.error.message}`);
    }
  }

  private log(message: string): void {
    this.options.log?.(`governor: ${message}`);
  }
}
