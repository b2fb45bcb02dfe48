// The governor as a headless node runs it: the OS's own readers (logind idle, power supply, process
// list, nvidia-smi / amdgpu / pmset temperatures) around the one GPU worker the node computes on.
// The desktop shell builds the same service with Electron's powerMonitor as the idle source.
import { GovernorService, systemClock, type PolicySource } from '../governor/governor-service.js';
import type { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import { chooseIdleSource } from '../hardware/idle/choose-idle-source.js';
import type { IdleSource } from '../hardware/idle/idle-source.js';
import { createPowerReader, type PowerReader } from '../hardware/power.js';
import { createProcessLister } from '../hardware/processes.js';
import { createAmdgpuReader } from '../hardware/temperature/amdgpu-hwmon.js';
import { createPmsetThermalReader } from '../hardware/temperature/macos-thermal.js';
import { createNvidiaSmiReader } from '../hardware/temperature/nvidia-smi.js';
import type { TemperatureReader } from '../hardware/temperature/reading.js';
import type { GovernorDecision } from '../../common/governor.js';
import type { NodeTiming } from './node-options.js';

export interface NodeGovernorOptions {
  worker: GpuWorkerClient;
  gpuLabel: string;
  policy: PolicySource;
  /** A CPU adapter: no GPU sensor to read. */
  softwareAdapter: boolean;
  jobInProgress(): boolean;
  log(message: string): void;
  /** Tests and the desktop shell pass their own; headless picks logind or none. */
  idleSource?: IdleSource;
  /** The desktop shell reads the battery through powerMonitor; headless reads the OS's supplies. */
  power?: Pick<PowerReader, 'read'>;
  platform?: NodeJS.Platform;
}

function temperatureReaders(platform: NodeJS.Platform, softwareOnly: boolean): TemperatureReader[] {
  // A CPU adapter has no GPU sensor to read; the OS keeps the CPU under its own limits.
  if (softwareOnly) return [];
  if (platform === 'darwin') return [createPmsetThermalReader()];
  if (platform === 'linux') return [createNvidiaSmiReader(), createAmdgpuReader()];
  return [createNvidiaSmiReader()];
}

export async function createNodeGovernor(o: NodeGovernorOptions): Promise<GovernorService> {
  const platform = o.platform ?? process.platform;
  return new GovernorService({
    clock: systemClock,
    policy: o.policy,
    idleSource: o.idleSource ?? (await chooseIdleSource({ platform })),
    power: o.power ?? createPowerReader(),
    processes: createProcessLister(),
    temperatures: temperatureReaders(platform, o.softwareAdapter),
    gpus: [
      {
        id: 'gpu0',
        label: o.gpuLabel,
        cpuAdapter: o.softwareAdapter,
        control: {
          pause: () => o.worker.pause(),
          resume: () => o.worker.resume(),
          setDuty: (duty) => o.worker.setDuty(duty),
        },
      },
    ],
    jobInProgress: () => o.jobInProgress(),
    log: o.log,
  });
}

/** What a heartbeat tells the network: may it send jobs now, and if not, why (shown to the owner). */
export function heartbeatBody(decision: GovernorDecision): { accepting: boolean; reason: string } {
  return { accepting: acceptsWork(decision), reason: decision.reason.slice(0, 500) };
}

/**
 * How long the node's loop rests after a pass with nothing to do. Asking for work is only worth it
 * while the governor accepts some; otherwise the next thing due is a heartbeat or a ledger sync. A
 * decision, a pushed network event or the owner's command wakes the loop at once either way.
 */
export function restMs(
  timing: Pick<NodeTiming, 'idlePollMs' | 'heartbeatMs' | 'ledgerSyncMs'>,
  decision: GovernorDecision | undefined,
): number {
  const { idlePollMs, heartbeatMs, ledgerSyncMs } = timing;
  const accepting = decision ? acceptsWork(decision) : true;
  return accepting ? idlePollMs : Math.max(idlePollMs, Math.min(heartbeatMs, ledgerSyncMs));
}

/** New work is welcome: the governor runs (or throttles) and is not finishing up. */
export function acceptsWork(decision: GovernorDecision): boolean {
  return decision.action !== 'pause' && decision.acceptsNewJobs;
}
