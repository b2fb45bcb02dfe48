// Electron's power signals routed to the governor, as a table (tested), and the keep-awake choice.
// powerMonitor events carry what polling would notice late: the owner unlocking or touching the PC
// (pause within the yield path at once), sleep coming (stop now), waking (grace period).
// Battery is read by a PowerReader over powerMonitor (polled by the governor like the OS reader).
import type { NodeState } from '../../common/dashboard-api.js';
import type { PowerState } from '../hardware/power.js';

export type GovernorSignal = 'signalSuspend' | 'signalResume' | 'signalActivity' | 'reevaluate';

export const POWER_EVENT_ROUTES: Readonly<Record<string, GovernorSignal>> = {
  suspend: 'signalSuspend',
  resume: 'signalResume',
  'unlock-screen': 'signalActivity',
  'user-did-become-active': 'signalActivity',
  // The idle source reports the lock itself; decide now instead of at the next idle read.
  'lock-screen': 'reevaluate',
};

export interface BatteryMonitorLike {
  isOnBatteryPower(): boolean;
}

/**
 * Battery through powerMonitor (instant, no subprocess); whether the PC has a battery at all (for
 * the UI's "run on battery" option) from the OS reader, read once.
 */
export function powerMonitorReader(
  monitor: BatteryMonitorLike,
  hasBattery: () => Promise<boolean>,
): { read(): Promise<PowerState> } {
  let known: Promise<boolean> | null = null;
  return {
    async read() {
      known ??= hasBattery().catch(() => false);
      const onBattery = monitor.isOnBatteryPower();
      return { onBattery, hasBattery: onBattery || (await known) };
    },
  };
}

/** Keep the PC from sleeping only while it earns, and only if the owner chose so. */
export const keepAwakeWanted = (state: NodeState | null, keepAwakeWhileEarning: boolean): boolean =>
  keepAwakeWhileEarning && state?.earning === true;
