import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { AdapterReport } from '../../common/gpu-adapter.js';
import { hardwareInventorySchema } from '../../common/hardware.js';
import { collectInventory, formatInventory } from '../../main/hardware/inventory.js';
import type { ProbeGpu, SystemProbe } from '../../main/hardware/system-probe.js';

interface Fixture {
  graphics: { controllers: ProbeGpu[] };
  cpu: Awaited<ReturnType<SystemProbe['cpu']>>;
  mem: Awaited<ReturnType<SystemProbe['mem']>>;
  osInfo: Awaited<ReturnType<SystemProbe['osInfo']>>;
  adapter: AdapterReport;
}

function fixture(name: string): Fixture {
  const url = new URL(`../fixtures/hardware/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Fixture;
}

function replay(f: Fixture, overrides: Partial<SystemProbe> = {}): SystemProbe {
  return {
    graphics: () => Promise.resolve(f.graphics),
    cpu: () => Promise.resolve(f.cpu),
    mem: () => Promise.resolve(f.mem),
    osInfo: () => Promise.resolve(f.osInfo),
    ...overrides,
  };
}

async function inventoryOf(name: string, adapter?: AdapterReport | null, overrides?: Partial<SystemProbe>) {
  const f = fixture(name);
  const inv = await collectInventory({ probe: replay(f, overrides), adapter: adapter ?? f.adapter });
  expect(hardwareInventorySchema.parse(inv)).toEqual(inv);
  return inv;
}

const SOFTWARE_NOTE =
  'The WebGPU adapter is a software renderer (llvmpipe): it computes on the CPU, so benchmarks here say ' +
  'nothing about a GPU and the network will not pay for it.';

describe('collectInventory on recorded and hand-written machines', () => {
  it('says plainly that lavapipe on the build VM is a CPU, and that no GPU was found', async () => {
    const inv = await inventoryOf('debian-vm-lavapipe');
    expect(inv.gpus).toEqual([]);
    expect(inv.notes).toEqual([SOFTWARE_NOTE, 'No GPU found by the system probe.']);
    expect(inv.cpu).toEqual({ brand: 'AMD EPYC', cores: 2, physicalCores: 2, speedGhz: null });
    expect(inv.memory.totalMb).toBe(24105);
    expect(inv.os).toEqual({ platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64' });
    expect(formatInventory(inv)).toContain('(software: computes on the CPU, not a GPU, vulkan;');
  });

  it('resolves a desktop RTX 4090 on Linux to its vendor peak, VRAM in MB and driver', async () => {
    const inv = await inventoryOf('linux-rtx4090');
    expect(inv.gpus).toEqual([
      {
        model: 'NVIDIA GeForce RTX 4090',
        vendor: 'NVIDIA Corporation',
        vramMb: 24564,
        sharedMemory: false,
        driverVersion: '550.54.14',
        bus: 'PCIe',
        known: 'rtx-4090',
      },
    ]);
    expect(inv.notes).toEqual([]);
    expect(formatInventory(inv).split('\n')).toEqual([
      'GPU     NVIDIA GeForce RTX 4090, 24564 MB VRAM, driver 550.54.14, vendor peak 82.6 TFLOPS FP32, 1008 GB/s',
      'WebGPU  NVIDIA GeForce RTX 4090 (discrete, vulkan; NVIDIA: 550.54.14 550.54.14.0)',
      'CPU     AMD Ryzen 9 7950X 16-Core Processor, 32 threads / 16 cores, 4.5 GHz',
      'RAM     62.0 GB',
      'OS      Ubuntu 22.04.4 LTS (linux x64)',
    ]);
  });

  it('does not take the PCI window lspci shows for VRAM when nvidia-smi is missing', async () => {
    const lspciOnly: ProbeGpu = {
      vendor: 'NVIDIA Corporation',
      model: 'AD102 [GeForce RTX 4090]',
      bus: 'PCIe',
      vram: 256,
    };
    const inv = await inventoryOf('linux-rtx4090', undefined, {
      graphics: () => Promise.resolve({ controllers: [lspciOnly] }),
    });
    expect(inv.gpus[0]).toMatchObject({ vramMb: null, driverVersion: null, known: 'rtx-4090' });
  });

  it('gives a laptop RTX 4070 no desktop figure and the Intel iGPU no VRAM', async () => {
    const inv = await inventoryOf('windows-laptop-rtx4070');
    expect(
      inv.gpus.map(({ model, vramMb, sharedMemory, known }) => ({ model, vramMb, sharedMemory, known })),
    ).toEqual([
      { model: 'Intel(R) UHD Graphics', vramMb: null, sharedMemory: true, known: null },
      { model: 'NVIDIA GeForce RTX 4070 Laptop GPU', vramMb: 8188, sharedMemory: false, known: null },
    ]);
    expect(inv.notes).toEqual([]);
    const text = formatInventory(inv);
    expect(text).toContain('GPU 1   Intel(R) UHD Graphics, shared system memory\n');
    expect(text).toContain('GPU 2   NVIDIA GeForce RTX 4070 Laptop GPU, 8188 MB VRAM, driver 552.22\n');
    expect(text).not.toContain('vendor peak');
  });

  it('warns when WebGPU picked the laptop iGPU over its NVIDIA GPU', async () => {
    const intel: AdapterReport = {
      ...fixture('windows-laptop-rtx4070').adapter,
      vendor: 'intel',
      architecture: 'gen-12lp',
      device: 'intel-r-uhd-graphics',
      description: 'D3D12 driver version 31.0.101.4502',
      kind: 'discrete', // gpu-session guesses from the driver description; the note must not rely on it
    };
    const inv = await inventoryOf('windows-laptop-rtx4070', intel);
    expect(inv.notes).toEqual([
      'WebGPU uses the integrated Intel(R) UHD Graphics, not the NVIDIA GeForce RTX 4070 Laptop GPU: ' +
        'benchmarks and jobs would run on the integrated GPU.',
    ]);
  });

  it('knows a 19-core M2 Pro with unified memory, and not a 16-core one', async () => {
    const inv = await inventoryOf('mac-m2-pro');
    expect(inv.gpus[0]).toMatchObject({ vramMb: null, sharedMemory: true, known: 'm2-pro' });
    expect(inv.notes).toEqual([]);
    const m2 = fixture('mac-m2-pro').graphics.controllers[0]!;
    const smaller = await inventoryOf('mac-m2-pro', undefined, {
      graphics: () => Promise.resolve({ controllers: [{ ...m2, cores: 16 }] }),
    });
    expect(smaller.gpus[0]?.known).toBeNull();
  });
});

describe('collectInventory notes when adapter and system disagree', () => {
  it('names the real GPU when WebGPU only found a software adapter', async () => {
    const inv = await inventoryOf('linux-rtx4090', fixture('debian-vm-lavapipe').adapter);
    expect(inv.notes).toEqual([
      SOFTWARE_NOTE,
      'The system reports NVIDIA GeForce RTX 4090, but WebGPU cannot use it: install or update the GPU ' +
        'driver (on Linux, one with Vulkan support).',
    ]);
  });

  it('says so when the adapter is another vendor than every system GPU', async () => {
    const amd: AdapterReport = {
      ...fixture('linux-rtx4090').adapter,
      vendor: 'amd',
      architecture: 'rdna-3',
      device: 'amd-radeon-rx-7900-xtx',
    };
    const inv = await inventoryOf('linux-rtx4090', amd);
    expect(inv.notes).toEqual([
      'WebGPU adapter is amd radeon rx 7900 xtx but the system reports NVIDIA GeForce RTX 4090.',
    ]);
  });

  it('reports a missing adapter with its reason', async () => {
    const f = fixture('linux-rtx4090');
    const inv = await collectInventory({
      probe: replay(f),
      adapter: null,
      adapterError: 'Vulkan driver not found',
    });
    expect(inv.adapter).toBeNull();
    expect(inv.adapterError).toBe('Vulkan driver not found');
    expect(inv.notes).toEqual(['No WebGPU adapter: Vulkan driver not found']);
    expect(formatInventory(inv)).toContain('WebGPU  none (Vulkan driver not found)');
  });
});

describe('collectInventory with a failing probe', () => {
  it('still returns an inventory when the GPU and CPU probes throw', async () => {
    const f = fixture('debian-vm-lavapipe');
    const inv = await collectInventory({
      probe: replay(f, {
        graphics: () => Promise.reject(new Error('lspci: command not found')),
        cpu: () => Promise.reject(new Error('cpuinfo unreadable')),
      }),
      adapter: f.adapter,
    });
    expect(inv.gpus).toEqual([]);
    expect(inv.cpu.cores).toBe(os.availableParallelism());
    expect(inv.notes).toEqual([
      'Could not list GPUs: lspci: command not found.',
      'Could not read CPU details (cpuinfo unreadable); showing what Node reports.',
      SOFTWARE_NOTE,
    ]);
  });

  it('gives up on a hanging probe call after the deadline', async () => {
    const f = fixture('linux-rtx4090');
    const hang = () => new Promise<never>(() => {});
    const started = Date.now();
    const inv = await collectInventory({
      probe: replay(f, { graphics: hang, mem: hang }),
      adapter: f.adapter,
      timeoutMs: 50,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(inv.gpus).toEqual([]);
    expect(inv.memory.totalMb).toBe(Math.round(os.totalmem() / 1024 / 1024));
    expect(inv.cpu.brand).toBe('AMD Ryzen 9 7950X 16-Core Processor');
    expect(inv.notes).toEqual([
      'Could not list GPUs: the system probe did not finish within 0.05 s.',
      'Could not read memory size (the system probe did not finish within 0.05 s); showing what Node reports.',
    ]);
  });
});

describe('collectInventory with the real systeminformation probe', () => {
  it('reads this machine within 10 s', { timeout: 10_000 }, async () => {
    const inv = await collectInventory({ adapter: null, adapterError: 'not requested in this test' });
    expect(inv.cpu.cores).toBeGreaterThan(0);
    expect(inv.memory.totalMb).toBeGreaterThan(0);
    expect(hardwareInventorySchema.parse(inv)).toEqual(inv);
  });
});
