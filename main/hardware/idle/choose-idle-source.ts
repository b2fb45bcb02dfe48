// Picks the idle source for this run: the desktop app's powerMonitor when there is one, else logind
// on Linux when it answers, else none (schedule only). The result is shown to the owner.
import { createLogindIdleSource } from './logind.js';
import { createNoIdleSource, type IdleSource } from './idle-source.js';
import { createPowerMonitorIdleSource, type PowerMonitorLike } from './power-monitor.js';
import type { CommandRunner } from '../command.js';

export interface ChooseIdleSourceOptions {
  platform: NodeJS.Platform;
  /** Electron's powerMonitor, passed in by main/electron; absent in headless mode. */
  powerMonitor?: PowerMonitorLike;
  run?: CommandRunner;
  clock?: { now(): number };
}

export async function chooseIdleSource(options: ChooseIdleSourceOptions): Promise<IdleSource> {
  if (options.powerMonitor) return createPowerMonitorIdleSource(options.powerMonitor);
  if (options.platform !== 'linux')
    return createNoIdleSource('headless mode has no idle detection on this OS');
  const logind = createLogindIdleSource({ run: options.run, clock: options.clock });
  // A first read proves loginctl and the system bus answer (containers and non-systemd inits do not).
  return (await logind.read()) ? logind : createNoIdleSource('systemd-logind is not available');
}
