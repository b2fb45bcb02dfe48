// Temperature readers on fixture output: nvidia-smi's CSV, amdgpu's sysfs files, macOS's pmset.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseAmdgpuSnapshot,
  createAmdgpuReader,
  parseMillidegrees,
} from '../../main/hardware/temperature/amdgpu-hwmon.js';
import { execCommand, type CommandRunner } from '../../main/hardware/command.js';
import {
  createPmsetThermalReader,
  macReading,
  parsePmsetTherm,
  parseThermalStateName,
} from '../../main/hardware/temperature/macos-thermal.js';
import {
  createNvidiaSmiReader,
  NVIDIA_SMI_ARGS,
  parseNvidiaSmi,
} from '../../main/hardware/temperature/nvidia-smi.js';
import { normalizePciBusId, toTemperatureSample } from '../../main/hardware/temperature/reading.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/temperature');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const clock = { now: () => 1_000 };

describe('nvidia-smi', () => {
  it('reads every GPU of a desktop with two cards', () => {
    const readings = parseNvidiaSmi(fixture('nvidia-smi-desktop-two-gpus.txt'), 5);
    expect(readings.map((r) => [r.index, r.name, r.temperatureC, r.utilizationPercent, r.pciBusId])).toEqual([
      [0, 'NVIDIA GeForce RTX 4090', 64, 97, '0000:01:00.0'],
      [1, 'NVIDIA GeForce RTX 3060', 41, 0, '0000:02:00.0'],
    ]);
    expect(readings[0]).toMatchObject({
      key: 'nvidia:GPU-8f3c2a51-7d1e-4b2a-9c55-0e6f1d2b3a41',
      powerDrawW: 421.37,
      readAt: 5,
    });
  });

  it('reads Windows output with CRLF and a missing power reading', () => {
    const [laptop] = parseNvidiaSmi(fixture('nvidia-smi-laptop-windows.txt'), 0);
    expect(laptop).toMatchObject({
      name: 'NVIDIA GeForce RTX 4070 Laptop GPU',
      temperatureC: 52,
      powerDrawW: null,
    });
  });

  it('a card without a sensor reads as no temperature, which the governor treats as unsafe', () => {
    const [card] = parseNvidiaSmi(fixture('nvidia-smi-no-sensor.txt'), 0);
    expect(card).toMatchObject({ temperatureC: null, utilizationPercent: null });
    expect(toTemperatureSample(card)).toBeNull();
  });

  it('a failed driver reads as no GPU, not as a cool one', () => {
    expect(parseNvidiaSmi(fixture('nvidia-smi-driver-failed.txt'), 0)).toEqual([]);
  });

  it('the reader asks for exactly the parsed columns, with a timeout, and stamps the reading', async () => {
    const calls: unknown[] = [];
    const run: CommandRunner = (file, args, options) => {
      calls.push([file, args, options]);
      return Promise.resolve(fixture('nvidia-smi-desktop-two-gpus.txt'));
    };
    const readings = await createNvidiaSmiReader({ run, clock, timeoutMs: 1500 }).read();
    expect(calls).toEqual([['nvidia-smi', NVIDIA_SMI_ARGS, { timeoutMs: 1500 }]]);
    expect(NVIDIA_SMI_ARGS[0]).toBe(
      '--query-gpu=index,uuid,pci.bus_id,name,temperature.gpu,utilization.gpu,power.draw',
    );
    expect(toTemperatureSample(readings[0])).toEqual({ celsius: 64, readAt: 1_000 });
  });

  it('a tool that fails makes the reader reject', async () => {
    const run: CommandRunner = () => Promise.reject(new Error('nvidia-smi did not answer within 3000 ms'));
    await expect(createNvidiaSmiReader({ run }).read()).rejects.toThrow(/did not answer/);
  });
});

describe('the command runner', () => {
  it('returns the output of a tool that answers', async () => {
    await expect(
      execCommand(process.execPath, ['-e', 'process.stdout.write("42, 61")'], { timeoutMs: 5000 }),
    ).resolves.toBe('42, 61');
  });

  it('kills a tool that hangs and says so', async () => {
    const started = Date.now();
    await expect(
      execCommand(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 300 }),
    ).rejects.toThrow(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('amdgpu hwmon', () => {
  it('finds the AMD card, reads its edge sensor and skips the Intel card and connectors', async () => {
    const readings = await createAmdgpuReader({ root: path.join(FIXTURES, 'amdgpu-sysfs'), clock }).read();
    expect(readings).toEqual([
      {
        key: 'amdgpu:0000:03:00.0',
        source: 'amdgpu-hwmon',
        pciBusId: '0000:03:00.0',
        name: null,
        temperatureC: 58,
        thermalState: null,
        utilizationPercent: 7,
        readAt: 1_000,
      },
    ]);
  });

  it('without an "edge" label uses the first sensor', () => {
    const reading = parseAmdgpuSnapshot(
      { card: 'card2', vendor: '0x1002\n', temps: { temp2: { input: '70000' }, temp1: { input: '51500' } } },
      0,
    );
    expect(reading).toMatchObject({ key: 'amdgpu:card2', temperatureC: 51.5, utilizationPercent: null });
  });

  it('other vendors and garbage values are not readings', () => {
    expect(parseAmdgpuSnapshot({ card: 'card1', vendor: '0x10de', temps: {} }, 0)).toBeNull();
    expect(parseMillidegrees('N/A')).toBeNull();
    expect(parseMillidegrees(undefined)).toBeNull();
    expect(parseMillidegrees('45000\n')).toBe(45);
  });

  it('a machine without /sys/class/drm makes the reader reject', async () => {
    await expect(createAmdgpuReader({ root: path.join(FIXTURES, 'missing') }).read()).rejects.toThrow();
  });
});

describe('macOS thermal state', () => {
  it.each([
    ['pmset-therm-nominal.txt', 'nominal'],
    ['pmset-therm-intel-throttled.txt', 'serious'],
    ['pmset-therm-crisis.txt', 'critical'],
  ])('%s -> %s', (name, state) => {
    expect(parsePmsetTherm(fixture(name))).toBe(state);
  });

  it('unrecognised output is unknown, never nominal', () => {
    expect(parsePmsetTherm('pmset: command not supported\n')).toBeNull();
  });

  it('maps speed limits to states', () => {
    expect(parsePmsetTherm('CPU_Speed_Limit = 100')).toBe('nominal');
    expect(parsePmsetTherm('CPU_Speed_Limit = 85')).toBe('fair');
    expect(parsePmsetTherm('CPU_Speed_Limit = 35')).toBe('critical');
  });

  it('accepts Electron’s state names', () => {
    expect(parseThermalStateName('serious')).toBe('serious');
    expect(parseThermalStateName('unknown')).toBeNull();
  });

  it('the pmset reader yields one system-wide reading the governor understands', async () => {
    const run: CommandRunner = (file, args) => {
      expect([file, ...args]).toEqual(['pmset', '-g', 'therm']);
      return Promise.resolve(fixture('pmset-therm-intel-throttled.txt'));
    };
    const [reading] = await createPmsetThermalReader({ run, clock }).read();
    expect(toTemperatureSample(reading)).toEqual({ thermalState: 'serious', readAt: 1_000 });
    expect(toTemperatureSample(macReading(null, 0))).toBeNull();
  });
});

describe('PCI bus ids', () => {
  it('nvidia-smi and sysfs spellings meet', () => {
    expect(normalizePciBusId('00000000:01:00.0')).toBe('0000:01:00.0');
    expect(normalizePciBusId('0000:0A:00.0')).toBe('0000:0a:00.0');
  });
});
