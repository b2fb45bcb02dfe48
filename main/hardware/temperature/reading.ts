// What every temperature reader returns, and how a reading becomes the governor's signal.
import type { MacThermalState, TemperatureSample } from '../../core/thermal-controller.js';

export interface GpuTemperatureReading {
  /** Stable within one reader: "nvidia:GPU-8f3c...", "amdgpu:0000:03:00.0", "macos". */
  key: string;
  source: 'nvidia-smi' | 'amdgpu-hwmon' | 'macos-thermal-state';
  /** PCI bus id in lower case ("0000:01:00.0") when known: how readings are matched to the inventory. */
  pciBusId: string | null;
  name: string | null;
  /** Celsius, null when the sensor reports nothing (then the governor treats the GPU as unsafe). */
  temperatureC: number | null;
  /** macOS only: the system's thermal pressure, which stands in for a GPU temperature there. */
  thermalState: MacThermalState | null;
  /** Total GPU use in percent, ours included; null when the tool cannot tell. */
  utilizationPercent: number | null;
  /** Board power in watts where the tool reports it (nvidia-smi); absent or null otherwise. */
  powerDrawW?: number | null;
  readAt: number;
}

export interface TemperatureReader {
  readonly name: string;
  /** Rejects when the tool is missing, fails or times out; resolves [] when it finds no GPU. */
  read(): Promise<GpuTemperatureReading[]>;
}

/** The governor's view of a reading: null when it carries neither a temperature nor a state. */
export function toTemperatureSample(reading: GpuTemperatureReading | undefined): TemperatureSample | null {
  if (!reading) return null;
  if (reading.temperatureC !== null) return { celsius: reading.temperatureC, readAt: reading.readAt };
  if (reading.thermalState !== null) return { thermalState: reading.thermalState, readAt: reading.readAt };
  return null;
}

/** Normalizes PCI bus ids across tools: nvidia-smi says "00000000:01:00.0", sysfs "0000:01:00.0". */
export function normalizePciBusId(id: string): string {
  const match = /([0-9a-f]+):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(id.trim());
  if (!match) return id.trim().toLowerCase();
  const [, domain = '0', bus, device, fn] = match;
  return `${domain.slice(-4).padStart(4, '0')}:${bus}:${device}.${fn}`.toLowerCase();
}
