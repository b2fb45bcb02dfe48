// macOS exposes no GPU temperature without private APIs or root (powermetrics); what it does expose
// is the system's thermal pressure: NSProcessInfo.thermalState (nominal / fair / serious / critical),
// which Electron passes on as powerMonitor.getCurrentThermalState(), and `pmset -g therm`, which
// headless mode can run. On Apple silicon the GPU shares the package, so system pressure is the
// right signal; the thermal controller maps it to fixed duties.
import type { MacThermalState } from '../../core/thermal-controller.js';
import { execCommand, type CommandRunner } from '../command.js';
import type { GpuTemperatureReading, TemperatureReader } from './reading.js';

const STATES: readonly MacThermalState[] = ['nominal', 'fair', 'serious', 'critical'];

/** Electron's / NSProcessInfo's state names; 'unknown' and anything else is null. */
export function parseThermalStateName(text: string): MacThermalState | null {
  const name = text.trim().toLowerCase();
  return (STATES as readonly string[]).includes(name) ? (name as MacThermalState) : null;
}

/**
 * Parses `pmset -g therm`. A cool Mac prints only "Note: No ... has been recorded" lines (nominal).
 * Intel Macs under pressure print CPU_Speed_Limit (percent of full speed the system allows), and a
 * recorded warning level ("Thermal warning level set to N": 5 danger, 10 crisis). Mapping speed
 * limits to states: 100 nominal, 80-99 fair, 50-79 serious, below 50 critical. Unrecognised output
 * is null (unknown), never nominal.
 */
export function parsePmsetTherm(text: string): MacThermalState | null {
  const lines = text.split(/\r?\n/);
  // "Note: No thermal warning level has been recorded" is the quiet case; any other line naming the
  // thermal warning level carries it as its number, whatever the exact wording of this macOS version.
  const warningLine = lines.find((line) => /thermal warning level/i.test(line) && !/\bno\b/i.test(line));
  const warningLevel = Number(/(\d+)/.exec(warningLine ?? '')?.[1] ?? 0);
  if (warningLevel >= 10) return 'critical';
  if (warningLevel >= 5) return 'serious';
  const limit = /CPU_Speed_Limit\s*=\s*(\d+)/.exec(text)?.[1];
  if (limit !== undefined) {
    const percent = Number(limit);
    if (percent >= 100) return warningLevel > 0 ? 'fair' : 'nominal';
    if (percent >= 80) return 'fair';
    return percent >= 50 ? 'serious' : 'critical';
  }
  if (warningLevel > 0) return 'fair';
  return lines.some((line) => /no thermal warning level has been recorded/i.test(line)) ? 'nominal' : null;
}

export interface MacThermalReaderOptions {
  run?: CommandRunner;
  clock?: { now(): number };
  timeoutMs?: number;
}

/** Headless macOS: one reading for the whole system, keyed "macos". */
export function createPmsetThermalReader(options: MacThermalReaderOptions = {}): TemperatureReader {
  const run = options.run ?? execCommand;
  const clock = options.clock ?? Date;
  return {
    name: 'pmset -g therm',
    async read() {
      const output = await run('pmset', ['-g', 'therm'], { timeoutMs: options.timeoutMs ?? 3000 });
      return [macReading(parsePmsetTherm(output), clock.now())];
    },
  };
}

/** A reading from a thermal state (Electron passes powerMonitor's string through parseThermalStateName). */
export function macReading(state: MacThermalState | null, readAt: number): GpuTemperatureReading {
  return {
    key: 'macos',
    source: 'macos-thermal-state',
    pciBusId: null,
    name: null,
    temperatureC: null,
    thermalState: state,
    utilizationPercent: null,
    readAt,
  };
}
