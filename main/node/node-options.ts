// What a provider node is built from and how often it does things. Defaults suit a real network;
// tests shorten the polls.
import type { NodeSettings } from '../../common/node-settings.js';
import type { GovernorService } from '../governor/governor-service.js';
import type { IdleSource } from '../hardware/idle/idle-source.js';
import type { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import type { DeviceIdentity } from '../identity/device-identity.js';
import type { CoordinatorClient } from '../network/coordinator-client.js';
import type { NodeStore } from '../store/node-store.js';
import type { SettingsFile } from '../store/settings-file.js';
import type { NodeGovernorOptions } from './node-governor.js';

export interface NodeTiming {
  heartbeatMs: number;
  /** How often to ask for work when the queue was empty. */
  idlePollMs: number;
  ledgerSyncMs: number;
  /** Longest wait for the current job when stopping before it is cancelled (and redone next start). */
  stopGraceMs: number;
  /**
   * A job the governor paused (the owner is back) waits this long in the worker, so a glance at the
   * screen costs nothing; then it is cancelled, freeing the GPU's memory, and redone later if its
   * lease still holds.
   */
  pauseHoldMs: number;
  /**
   * Paused this long with nothing running, the GPU worker process is ended to give its RAM and GPU
   * memory back (a game wants them) and stop its idle wake-ups; the next work starts a fresh one.
   */
  releaseWorkerMs: number;
}

export const DEFAULT_TIMING: NodeTiming = {
  heartbeatMs: 30_000,
  idlePollMs: 5_000,
  ledgerSyncMs: 30_000,
  stopGraceMs: 10_000,
  pauseHoldMs: 30_000,
  releaseWorkerMs: 60_000,
};

export interface ProviderNodeOptions {
  dataDir: string;
  identity: DeviceIdentity;
  store: NodeStore;
  settingsFile: SettingsFile;
  settings: NodeSettings;
  client: CoordinatorClient;
  worker: GpuWorkerClient;
  sandbox: boolean;
  /** Idle and lock signals (Electron's powerMonitor in the desktop app); absent: the OS's own. */
  idleSource?: IdleSource;
  timing?: Partial<NodeTiming>;
  /** Tests pass a governor of their own; by default the OS readers around the worker. */
  governor?: (options: NodeGovernorOptions) => Promise<GovernorService>;
  log?: (message: string) => void;
}
