// AMD temperatures from the amdgpu driver's hwmon files in sysfs (Linux):
//   /sys/class/drm/cardN/device/vendor                 0x1002 for AMD
//   /sys/class/drm/cardN/device/hwmon/hwmonM/name      amdgpu
//   /sys/class/drm/cardN/device/hwmon/hwmonM/tempK_input / tempK_label   millidegrees; edge, junction, mem
//   /sys/class/drm/cardN/device/gpu_busy_percent       total GPU use
// The "edge" sensor is used: it is what AMD's own tools call the GPU temperature, so the owner's
// limit means what they expect (junction runs 10-20 C hotter by design).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizePciBusId, type GpuTemperatureReading, type TemperatureReader } from './reading.js';

export const AMD_VENDOR_ID = '0x1002';

/** The files of one card, as read (absent files are undefined). */
export interface AmdgpuSnapshot {
  card: string;
  vendor?: string;
  uevent?: string;
  productName?: string;
  busyPercent?: string;
  hwmonName?: string;
  /** By sensor number: temp1 -> { input: "45000", label: "edge" }. */
  temps: Record<string, { input?: string; label?: string }>;
}

/** Millidegrees text ("45000\n") to Celsius; null for anything else. */
export function parseMillidegrees(text: string | undefined): number | null {
  if (text === undefined || !/^\s*-?\d+\s*$/.test(text)) return null;
  return Number(text.trim()) / 1000;
}

/** One card's reading, or null when the card is not an amdgpu device. */
export function parseAmdgpuSnapshot(snapshot: AmdgpuSnapshot, readAt: number): GpuTemperatureReading | null {
  if (snapshot.vendor?.trim().toLowerCase() !== AMD_VENDOR_ID) return null;
  if (snapshot.hwmonName !== undefined && snapshot.hwmonName.trim() !== 'amdgpu') return null;
  const sensors = Object.entries(snapshot.temps)
    .map(([id, file]) => ({
      id,
      label: file.label?.trim().toLowerCase(),
      celsius: parseMillidegrees(file.input),
    }))
    .filter((sensor) => sensor.celsius !== null)
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  const edge = sensors.find((sensor) => sensor.label === 'edge') ?? sensors[0];
  const slot = /^PCI_SLOT_NAME=(.+)$/m.exec(snapshot.uevent ?? '')?.[1];
  const busy = snapshot.busyPercent?.trim();
  return {
    key: slot ? `amdgpu:${normalizePciBusId(slot)}` : `amdgpu:${snapshot.card}`,
    source: 'amdgpu-hwmon',
    pciBusId: slot ? normalizePciBusId(slot) : null,
    name: snapshot.productName?.trim() || null,
    temperatureC: edge?.celsius ?? null,
    thermalState: null,
    utilizationPercent: busy && /^\d+$/.test(busy) ? Number(busy) : null,
    readAt,
  };
}

export interface AmdgpuReaderOptions {
  /** Where the drm class lives; tests point it at a fixture tree. */
  root?: string;
  clock?: { now(): number };
  /** Per-file read limit: a hung GPU can block reads of its sensors in the kernel. */
  timeoutMs?: number;
}

export function createAmdgpuReader(options: AmdgpuReaderOptions = {}): TemperatureReader {
  const root = options.root ?? '/sys/class/drm';
  const clock = options.clock ?? Date;
  const timeoutMs = options.timeoutMs ?? 1000;
  const read = (file: string) => withTimeout(readFile(file, 'utf8'), timeoutMs).catch(() => undefined);
  return {
    name: 'amdgpu hwmon',
    async read() {
      const cards = (await readdir(root)).filter((entry) => /^card\d+$/.test(entry)).sort();
      const readings: GpuTemperatureReading[] = [];
      for (const card of cards) {
        const device = path.join(root, card, 'device');
        const vendor = await read(path.join(device, 'vendor'));
        if (vendor?.trim().toLowerCase() !== AMD_VENDOR_ID) continue;
        const snapshot: AmdgpuSnapshot = {
          card,
          vendor,
          uevent: await read(path.join(device, 'uevent')),
          productName: await read(path.join(device, 'product_name')),
          busyPercent: await read(path.join(device, 'gpu_busy_percent')),
          temps: {},
        };
        const hwmons = await readdir(path.join(device, 'hwmon')).catch(() => [] as string[]);
        for (const hwmon of hwmons.sort()) {
          const dir = path.join(device, 'hwmon', hwmon);
          const name = await read(path.join(dir, 'name'));
          if (name?.trim() !== 'amdgpu') continue;
          snapshot.hwmonName = name;
          for (const file of await readdir(dir)) {
            const match = /^(temp\d+)_(input|label)$/.exec(file);
            if (!match?.[1] || !match[2]) continue;
            const sensor = (snapshot.temps[match[1]] ??= {});
            sensor[match[2] as 'input' | 'label'] = await read(path.join(dir, file));
          }
          break;
        }
        const reading = parseAmdgpuSnapshot(snapshot, clock.now());
        if (reading) readings.push(reading);
      }
      return readings;
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`read did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
