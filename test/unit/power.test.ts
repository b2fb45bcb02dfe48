// The on-battery signal: sysfs supplies (Linux), pmset (macOS), systeminformation (Windows), on
// fixtures; a desktop is never "on battery", a wireless mouse's battery is not the PC's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../main/hardware/command.js';
import {
  createPowerReader,
  fromBatteryInfo,
  parsePmsetBatt,
  parsePowerSupplyUevent,
  readLinuxPowerSupplies,
  summarizePowerSupplies,
  type BatteryInfo,
} from '../../main/hardware/power.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/power');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const sysfs = (name: string) => path.join(FIXTURES, name);
const battery = (name: string) => JSON.parse(fixture(name)) as BatteryInfo;

describe('Linux power supplies', () => {
  it('reads a uevent file', () => {
    const fields = parsePowerSupplyUevent(fixture('sysfs-laptop-battery/BAT0/uevent'));
    expect(fields).toMatchObject({ NAME: 'BAT0', TYPE: 'Battery', STATUS: 'Discharging', CAPACITY: '74' });
    expect(fields.DEVTYPE).toBeUndefined();
  });

  it.each([
    ['sysfs-laptop-battery', { onBattery: true, hasBattery: true }],
    ['sysfs-laptop-full-on-mains', { onBattery: false, hasBattery: true }],
    ['sysfs-usb-c-charging', { onBattery: false, hasBattery: true }],
    ['sysfs-desktop-wireless-mouse', { onBattery: false, hasBattery: false }],
  ])('%s', async (tree, expected) => {
    expect(await readLinuxPowerSupplies(sysfs(tree))).toEqual(expected);
  });

  it('a machine without a power_supply class is a desktop on mains', async () => {
    expect(await readLinuxPowerSupplies(sysfs('no-such-dir'))).toEqual({
      onBattery: false,
      hasBattery: false,
    });
  });

  it('adapters that are all offline mean battery even when the battery does not say discharging', () => {
    const supplies: Record<string, string>[] = [
      { TYPE: 'Mains', ONLINE: '0' },
      { TYPE: 'Battery', STATUS: 'Unknown', PRESENT: '1' },
    ];
    expect(summarizePowerSupplies(supplies)).toEqual({ onBattery: true, hasBattery: true });
    // An empty bay (PRESENT=0) is no battery.
    expect(summarizePowerSupplies([{ TYPE: 'Battery', STATUS: 'Discharging', PRESENT: '0' }])).toEqual({
      onBattery: false,
      hasBattery: false,
    });
  });

  it('reads this machine without failing', async () => {
    const state = await createPowerReader({ platform: 'linux' }).read();
    expect(typeof state.onBattery).toBe('boolean');
  });
});

describe('macOS pmset -g batt', () => {
  it.each([
    ['pmset-batt-on-battery.txt', { onBattery: true, hasBattery: true }],
    ['pmset-batt-on-ac.txt', { onBattery: false, hasBattery: true }],
    ['pmset-batt-desktop.txt', { onBattery: false, hasBattery: false }],
    ['pmset-batt-ups.txt', { onBattery: true, hasBattery: false }],
  ])('%s', (name, expected) => {
    expect(parsePmsetBatt(fixture(name))).toEqual(expected);
  });

  it('unrecognised output is an error, not mains', () => {
    expect(() => parsePmsetBatt('')).toThrow(/no power source/);
    expect(() => parsePmsetBatt("Now drawing from 'Solar Power'")).toThrow(/unknown power source/);
  });

  it('runs pmset through the command runner with a time limit', async () => {
    const calls: unknown[] = [];
    const run: CommandRunner = (file, args, options) => {
      calls.push([file, args, options]);
      return Promise.resolve(fixture('pmset-batt-on-battery.txt'));
    };
    const reader = createPowerReader({ platform: 'darwin', run, timeoutMs: 1234 });
    expect(await reader.read()).toEqual({ onBattery: true, hasBattery: true });
    expect(calls).toEqual([['pmset', ['-g', 'batt'], { timeoutMs: 1234 }]]);
  });
});

describe('Windows (systeminformation battery())', () => {
  it.each([
    ['si-battery-windows-desktop.json', { onBattery: false, hasBattery: false }],
    ['si-battery-windows-laptop-on-battery.json', { onBattery: true, hasBattery: true }],
    ['si-battery-windows-laptop-charging.json', { onBattery: false, hasBattery: true }],
    ['si-battery-windows-laptop-full-on-ac.json', { onBattery: false, hasBattery: true }],
  ])('%s', (name, expected) => {
    expect(fromBatteryInfo(battery(name))).toEqual(expected);
  });

  it('uses the battery query it is given', async () => {
    const reader = createPowerReader({
      platform: 'win32',
      battery: () => Promise.resolve(battery('si-battery-windows-laptop-on-battery.json')),
    });
    expect(await reader.read()).toEqual({ onBattery: true, hasBattery: true });
  });
});
