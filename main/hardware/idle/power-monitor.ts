// The desktop app's idle source, shaped after Electron's powerMonitor without importing Electron:
// main/electron passes `powerMonitor` itself (it satisfies PowerMonitorLike), so this stays testable.
import type { IdleReading, IdleSource } from './idle-source.js';

/** The two powerMonitor methods used (Electron: seconds, and 'active' | 'idle' | 'locked' | 'unknown'). */
export interface PowerMonitorLike {
  getSystemIdleTime(): number;
  getSystemIdleState(idleThresholdSeconds: number): string;
}

export function createPowerMonitorIdleSource(powerMonitor: PowerMonitorLike): IdleSource {
  return {
    name: 'electron',
    describe: () => 'Keyboard and mouse activity and the lock screen, as the operating system reports them.',
    read(): Promise<IdleReading | null> {
      try {
        const idleSeconds = powerMonitor.getSystemIdleTime();
        // The threshold only decides between 'active' and 'idle'; 'locked' is reported either way.
        const state = powerMonitor.getSystemIdleState(1);
        if (state === 'unknown' || !Number.isFinite(idleSeconds)) return Promise.resolve(null);
        return Promise.resolve({ idleSeconds: Math.max(0, idleSeconds), locked: state === 'locked' });
      } catch {
        return Promise.resolve(null);
      }
    },
  };
}
