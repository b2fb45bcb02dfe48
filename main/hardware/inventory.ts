// Hardware inventory: the system probe's GPUs, CPU, memory and OS merged with the WebGPU adapter
// report. Every probe call has a deadline, so a slow or hanging probe costs at most a few seconds and
// a note, never the app.
import type { AdapterReport } from '../../common/gpu-adapter.js';
import { KNOWN_GPUS, matchKnownGpu } from '../../common/gpu-catalog.js';
import type { HardwareInventory, InventoryGpu } from '../../common/hardware.js';
import { adapterGpuName, adapterNotes } from './inventory-notes.js';
import { hostBasics, systemInformationProbe, type ProbeGpu, type SystemProbe } from './system-probe.js';

export interface CollectInventoryOptions {
  /** Defaults to the real systeminformation probe. */
  probe?: SystemProbe;
  adapter: AdapterReport | null;
  /** Why there is no adapter, shown to the owner. */
  adapterError?: string;
  /** Deadline for each probe call. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

export async function collectInventory(options: CollectInventoryOptions): Promise<HardwareInventory> {
  const probe = options.probe ?? systemInformationProbe();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const [graphics, cpu, mem, osInfo] = await Promise.all([
    settle(() => probe.graphics(), timeoutMs),
    settle(() => probe.cpu(), timeoutMs),
    settle(() => probe.mem(), timeoutMs),
    settle(() => probe.osInfo(), timeoutMs),
  ]);
  const fallback = hostBasics();
  const os = 'value' in osInfo ? osInfo.value : fallback.os;
  const controllers = 'value' in graphics ? graphics.value.controllers : [];
  // Virtual machines list empty placeholder controllers: not GPUs.
  const gpus = controllers.filter((c) => c.name || c.model || c.vendor).map((c) => toGpu(c, os.platform));
  const cpuData = 'value' in cpu ? cpu.value : fallback.cpu;
  const adapterError = options.adapter ? null : (options.adapterError ?? null);

  const notes: string[] = [];
  if ('problem' in graphics) notes.push(`Could not list GPUs: ${graphics.problem}.`);
  for (const [what, result] of [
    ['CPU details', cpu],
    ['memory size', mem],
    ['OS details', osInfo],
  ] as const) {
    if ('problem' in result) {
      notes.push(`Could not read ${what} (${result.problem}); showing what Node reports.`);
    }
  }
  notes.push(
    ...adapterNotes({ adapter: options.adapter, adapterError, gpus, gpuListRead: 'value' in graphics }),
  );

  return {
    gpus,
    adapter: options.adapter,
    adapterError,
    cpu: {
      brand: [cpuData.manufacturer, cpuData.brand].filter(Boolean).join(' ') || 'unknown CPU',
      cores: cpuData.cores,
      physicalCores: cpuData.physicalCores || null,
      speedGhz: cpuData.speed || null,
    },
    memory: { totalMb: toMb(('value' in mem ? mem.value : fallback.mem).total) },
    os: { platform: os.platform, distro: os.distro, release: os.release, arch: os.arch },
    notes,
  };
}

type Settled<T> = { value: T } | { problem: string };

async function settle<T>(run: () => Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ problem: `the system probe did not finish within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
  });
  const attempt = run().then(
    (value): Settled<T> => ({ value }),
    (error: unknown): Settled<T> => ({ problem: error instanceof Error ? error.message : String(error) }),
  );
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function toGpu(controller: ProbeGpu, platform: string): InventoryGpu {
  // nvidia-smi's name ("NVIDIA GeForce RTX 4090") beats lspci's ("AD102 [GeForce RTX 4090]").
  const model = (controller.name || controller.model).trim();
  const sharedMemory = controller.vramDynamic === true || controller.bus === 'Built-In';
  const vramMb = sharedMemory ? null : dedicatedVramMb(controller, platform);
  // system_profiler hands Apple core counts over as strings despite the typings.
  const gpuCores = Number(controller.cores) || null;
  return {
    model,
    vendor: controller.vendor.trim(),
    vramMb,
    sharedMemory,
    driverVersion: controller.driverVersion || null,
    bus: controller.bus || null,
    known: matchKnownGpu(model, { vramMb, gpuCores })?.id ?? null,
  };
}

function dedicatedVramMb(controller: ProbeGpu, platform: string): number | null {
  if (controller.memoryTotal) return Math.round(controller.memoryTotal); // nvidia-smi: MiB, exact
  // Without nvidia-smi, Linux figures come from lspci's PCI memory windows: 256 MB on most cards (or
  // the whole VRAM with resizable BAR), so they are not a VRAM size.
  if (platform === 'linux' || !controller.vram) return null;
  return Math.round(controller.vram); // Windows registry / macOS system_profiler: MiB
}

function toMb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

/** A few aligned lines for the CLI: GPUs, the WebGPU adapter, CPU, RAM, OS, then the notes. */
export function formatInventory(inv: HardwareInventory): string {
  const rows: Array<[string, string]> = [];
  if (inv.gpus.length === 0) rows.push(['GPU', 'none found by the system probe']);
  inv.gpus.forEach((gpu, index) => {
    rows.push([inv.gpus.length > 1 ? `GPU ${index + 1}` : 'GPU', describeGpu(gpu)]);
  });
  rows.push(['WebGPU', describeWebGpu(inv)]);
  rows.push(['CPU', describeCpu(inv.cpu)]);
  rows.push(['RAM', `${(inv.memory.totalMb / 1024).toFixed(1)} GB`]);
  rows.push(['OS', `${inv.os.distro} ${inv.os.release} (${inv.os.platform} ${inv.os.arch})`]);
  for (const note of inv.notes) rows.push(['Note', note]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, text]) => label.padEnd(width) + text).join('\n');
}

function describeGpu(gpu: InventoryGpu): string {
  const parts = [gpu.model || gpu.vendor];
  if (gpu.sharedMemory) parts.push('shared system memory');
  else if (gpu.vramMb !== null) parts.push(`${gpu.vramMb} MB VRAM`);
  if (gpu.driverVersion) parts.push(`driver ${gpu.driverVersion}`);
  const known = KNOWN_GPUS.find((row) => row.id === gpu.known);
  if (known) parts.push(`vendor peak ${known.fp32Tflops} TFLOPS FP32, ${known.bandwidthGBs} GB/s`);
  return parts.join(', ');
}

function describeWebGpu(inv: HardwareInventory): string {
  const adapter = inv.adapter;
  if (!adapter) return `none (${inv.adapterError ?? 'not found'})`;
  const kind = adapter.isSoftware ? 'software: computes on the CPU, not a GPU' : adapter.kind;
  const driver = adapter.description ? `; ${adapter.description}` : '';
  return `${adapterGpuName(adapter, inv.gpus)} (${kind}, ${adapter.backend}${driver})`;
}

function describeCpu(cpu: HardwareInventory['cpu']): string {
  const threads = `${cpu.cores} threads` + (cpu.physicalCores ? ` / ${cpu.physicalCores} cores` : '');
  return [cpu.brand, threads, cpu.speedGhz ? `${cpu.speedGhz} GHz` : null].filter(Boolean).join(', ');
}
