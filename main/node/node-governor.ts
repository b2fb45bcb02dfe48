// The governor as a headless node runs it: the OS's own readers (logind idle, power supply, process
// list, nvidia-smi / amdgpu / pmset temperatures) around the one GPU worker the node computes on.
// The desktop shell builds the same service with Electron's powerMonitor as the idle source.
import { GovernorService, systemClock, type PolicySource } from '../governor/governor-service.js';
import type { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import { chooseIdleSource } from '../hardware/idle/choose-idle-source.js';
import type { IdleSource } from '../hardware/idle/idle-source.js';
import { createPowerReader } from '../hardware/power.js';
import { createProcessLister } from '../hardware/processes.js';
import { createAmdgpuReader } from '../hardware/temperature/amdgpu-hwmon.js';
import { createPmsetThermalReader } from '../hardware/temperature/macos-thermal.js';
import { createNvidiaSmiReader } from '../hardware/temperature/nvidia-smi.js';
import type { TemperatureReader } from '../hardware/temperature/reading.js';
import type { GovernorDecision } from '../../common/governor.js';

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
    power: createPowerReader(),
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

/** New work is welcome: the governor runs (or throttles) and is not finishing up. */
export function acceptsWork(decision: GovernorDecision): boolean {
  return decision.action !== 'pause' && decision.acceptsNewJobs;
}
