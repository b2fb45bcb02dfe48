// NVIDIA temperatures from nvidia-smi's CSV query, on Linux and Windows alike.
//
// Why nvidia-smi and not systeminformation: systeminformation runs nvidia-smi synchronously with no
// timeout (a wedged driver would freeze the main process), and it asks for far more than the thermal
// loop needs every few seconds.
import { execCommand, type CommandRunner } from '../command.js';
import { normalizePciBusId, type GpuTemperatureReading, type TemperatureReader } from './reading.js';

/** The columns asked for, in order; the parser reads them by these positions. */
export const NVIDIA_SMI_FIELDS = [
  'index',
  'uuid',
  'pci.bus_id',
  'name',
  'temperature.gpu',
  'utilization.gpu',
  'power.draw',
] as const;

export const NVIDIA_SMI_ARGS = [
  `--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`,
  '--format=csv,noheader,nounits',
] as const;

export interface NvidiaGpuReading extends GpuTemperatureReading {
  index: number;
  uuid: string;
}

/** "[N/A]", "[Not Supported]", "N/A", "" and other non-numbers are null, not zero. */
function numberOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/**
 * Parses `nvidia-smi --query-gpu=<NVIDIA_SMI_FIELDS> --format=csv,noheader,nounits`. Lines that are
 * not a row of the expected width (the "NVIDIA-SMI has failed ..." message, blank lines) are skipped,
 * so a broken driver reads as "no NVIDIA GPU answered", which the governor treats as unsafe.
 */
export function parseNvidiaSmi(text: string, readAt: number): NvidiaGpuReading[] {
  const readings: NvidiaGpuReading[] = [];
  for (const line of text.split(/\r?\n/)) {
    // GPU names contain no commas; nvidia-smi separates columns with ", ".
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells.length !== NVIDIA_SMI_FIELDS.length) continue;
    const [index, uuid = '', busId = '', name = '', temperature, utilization, power] = cells;
    const gpuIndex = numberOrNull(index);
    if (gpuIndex === null || !uuid.startsWith('GPU-')) continue;
    readings.push({
      key: `nvidia:${uuid}`,
      source: 'nvidia-smi',
      index: gpuIndex,
      uuid,
      pciBusId: busId ? normalizePciBusId(busId) : null,
      name: name || null,
      temperatureC: numberOrNull(temperature),
      thermalState: null,
      utilizationPercent: numberOrNull(utilization),
      powerDrawW: numberOrNull(power),
      readAt,
    });
  }
  return readings;
}

export interface NvidiaSmiReaderOptions {
  run?: CommandRunner;
  clock?: { now(): number };
  timeoutMs?: number;
  /** Path or name of the tool (Windows installs it in System32, which is on PATH). */
  command?: string;
}

export function createNvidiaSmiReader(options: NvidiaSmiReaderOptions = {}): TemperatureReader {
  const run = options.run ?? execCommand;
  const clock = options.clock ?? Date;
  return {
    name: 'nvidia-smi',
    async read() {
      const output = await run(options.command ?? 'nvidia-smi', NVIDIA_SMI_ARGS, {
        timeoutMs: options.timeoutMs ?? 3000,
      });
      return parseNvidiaSmi(output, clock.now());
    },
  };
}
