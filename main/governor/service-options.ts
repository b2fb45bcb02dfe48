// What the governor service is given: the owner's policy, the readers, the GPU controls, and how
// often to poll each reader.
import type { GovernorMode, GovernorPolicy } from '../../common/governor.js';
import type { IdleSource, IdleSourceName } from '../hardware/idle/idle-source.js';
import type { PowerReader } from '../hardware/power.js';
import type { ProcessLister } from '../hardware/processes.js';
import type { TemperatureReader } from '../hardware/temperature/reading.js';
import type { GovernedGpu } from './gpu-signals.js';
import type { ServiceClock } from './poller.js';

export interface PolicySource {
  /** The owner's policy as it is now (read at every evaluation). */
  get(): GovernorPolicy;
  /**
   * decide() moved the mode on by itself (a snooze ended; the job being finished ended): persist it
   * so get() returns it. Called once per change; it may call reevaluate().
   */
  setMode(mode: GovernorMode): void;
}

export interface PollIntervals {
  processesMs: number;
  temperatureMs: number;
  powerMs: number;
  /** Re-decide at least this often: a snooze ends, a schedule window opens, a reading goes stale. */
  tickMs: number;
  /** A read running longer than this counts as failed. */
  timeoutMs: number;
}

export const DEFAULT_INTERVALS: PollIntervals = {
  processesMs: 2_000,
  temperatureMs: 3_000,
  powerMs: 5_000,
  tickMs: 1_000,
  timeoutMs: 5_000,
};

/**
 * How often each idle source is read: powerMonitor is an in-process call (cheap, so 250 ms: the
 * owner's return is noticed in a quarter second even without signalActivity), logind spawns
 * loginctl twice per read. 'none' has nothing to read.
 */
export const IDLE_INTERVAL_MS: Record<IdleSourceName, number | null> = {
  electron: 250,
  logind: 2_000,
  none: null,
};

export interface GovernorServiceOptions {
  clock: ServiceClock;
  policy: PolicySource;
  idleSource: IdleSource;
  power: Pick<PowerReader, 'read'>;
  processes: Pick<ProcessLister, 'list'>;
  temperatures: readonly TemperatureReader[];
  gpus: readonly GovernedGpu[];
  /** A job is running (or paused between chunks) in the worker. */
  jobInProgress(): boolean;
  intervals?: Partial<PollIntervals>;
  /** Reader failures and recoveries, once per change; control failures. */
  log?(message: string): void;
}
