// Which temperature reading belongs to which governed GPU, and how busy other programs keep it.
import type { GpuSignal } from '../core/governor-signals.js';
import {
  normalizePciBusId,
  toTemperatureSample,
  type GpuTemperatureReading,
} from '../hardware/temperature/reading.js';
import type { GpuControl } from './gpu-controls.js';

export interface GovernedGpu {
  /** The inventory's id, also the key of GovernorPolicy.gpus. */
  id: string;
  /** What the owner calls it ("RTX 4090"): reasons name it when there are several. */
  label: string;
  /**
   * Which reading is this GPU's: by PCI bus id (nvidia-smi and amdgpu both report it) or by the
   * reader's key. Absent: macOS's system reading, or the only reading of a one-GPU machine.
   */
  sensor?: { pciBusId?: string; key?: string };
  control: GpuControl;
  /** A software adapter: no sensor by design (see GpuSignal.cpuAdapter). */
  cpuAdapter?: boolean;
}

/**
 * Total GPU use includes ours, so a reading tells other programs' use only when we had not computed
 * on that GPU for a while before it was taken: tools average use over up to a second, and the
 * service sees a job end only at its next evaluation.
 */
export const OTHER_USE_SETTLE_MS = 2_000;

export function findReading(
  gpu: GovernedGpu,
  readings: readonly GpuTemperatureReading[],
  gpuCount: number,
): GpuTemperatureReading | undefined {
  const wanted = gpu.sensor;
  if (wanted?.pciBusId !== undefined) {
    const busId = normalizePciBusId(wanted.pciBusId);
    return readings.find((reading) => reading.pciBusId === busId);
  }
  if (wanted?.key !== undefined) return readings.find((reading) => reading.key === wanted.key);
  const system = readings.find((reading) => reading.source === 'macos-thermal-state');
  // Guessing between several readings could hold the wrong GPU under the limit: no match is unsafe.
  return system ?? (gpuCount === 1 && readings.length === 1 ? readings[0] : undefined);
}

/**
 * The governor's view of one GPU. `lastComputedAt` is the last evaluation at which we were computing
 * on it (null: never); a reading taken since then is mixed with our own use and says nothing.
 */
export function toGpuSignal(
  gpu: GovernedGpu,
  reading: GpuTemperatureReading | undefined,
  lastComputedAt: number | null,
): GpuSignal {
  const clean =
    reading && (lastComputedAt === null || reading.readAt - lastComputedAt >= OTHER_USE_SETTLE_MS);
  return {
    id: gpu.id,
    label: gpu.label,
    temperature: toTemperatureSample(reading),
    otherUsePercent: clean ? reading.utilizationPercent : null,
    cpuAdapter: gpu.cpuAdapter,
  };
}
