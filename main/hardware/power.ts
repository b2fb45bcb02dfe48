// Is this PC running on battery? The governor pauses then unless the owner allowed it: a laptop
// computing on battery empties it in minutes and runs hot on the owner's lap.
//
// Linux reads /sys/class/power_supply (one uevent file per supply), macOS `pmset -g batt`, Windows
// systeminformation's battery() (PowerShell under the hood: slow; poll it rarely). The
// desktop app can pass Electron's powerMonitor instead, through the same PowerReader interface.
// A machine with no battery is on mains: desktops must never read as "on battery".
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import si from 'systeminformation';
import { execCommand, type CommandRunner } from './command.js';

export interface PowerState {
  onBattery: boolean;
  /** The PC has a battery of its own (a laptop): the UI offers "run on battery" only then. */
  hasBattery: boolean;
}

export interface PowerReader {
  readonly name: string;
  /** Rejects when the state cannot be read (the governor keeps the last one it had). */
  read(): Promise<PowerState>;
}

/** A power_supply uevent file ("POWER_SUPPLY_TYPE=Battery" lines) as TYPE -> "Battery". */
export function parsePowerSupplyUevent(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^POWER_SUPPLY_([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1]) fields[match[1]] = match[2] ?? '';
  }
  return fields;
}

/** Supplies that feed the PC from the wall: a barrel charger (Mains) or USB-C power delivery. */
const ADAPTER_TYPES = new Set(['Mains', 'USB', 'USB_C', 'USB_PD', 'USB_PD_DRP', 'BrickID', 'Wireless']);

/**
 * The PC's state from its supplies. Batteries with SCOPE=Device belong to a wireless mouse or a
 * headset, not the PC: a gamer's discharging mouse must not pause the GPU. An adapter online means
 * mains; otherwise a discharging battery, or adapters that are all offline, mean battery.
 */
export function summarizePowerSupplies(supplies: readonly Record<string, string>[]): PowerState {
  const own = supplies.filter((supply) => supply.SCOPE !== 'Device');
  const batteries = own.filter((supply) => supply.TYPE === 'Battery' && supply.PRESENT !== '0');
  const adapters = own.filter((supply) => supply.TYPE !== undefined && ADAPTER_TYPES.has(supply.TYPE));
  if (batteries.length === 0) return { onBattery: false, hasBattery: false };
  if (adapters.some((adapter) => adapter.ONLINE === '1')) return { onBattery: false, hasBattery: true };
  const discharging = batteries.some((battery) => battery.STATUS === 'Discharging');
  return { onBattery: discharging || adapters.length > 0, hasBattery: true };
}

/**
 * `pmset -g batt`: "Now drawing from 'AC Power'" or "'Battery Power'" (a UPS in a power cut says
 * "'UPS Power'": counted as battery, the owner's power is out). Anything else is an error, not mains.
 */
export function parsePmsetBatt(text: string): PowerState {
  const source = /drawing from '([^']+)'/i.exec(text)?.[1];
  if (source === undefined) throw new Error('pmset -g batt printed no power source');
  const hasBattery = /InternalBattery/i.test(text);
  if (/^AC Power$/i.test(source)) return { onBattery: false, hasBattery };
  if (/^(Battery|UPS) Power$/i.test(source)) return { onBattery: true, hasBattery };
  throw new Error(`pmset -g batt: unknown power source '${source}'`);
}

export type BatteryInfo = { hasBattery: boolean; acConnected: boolean; isCharging: boolean; percent: number };

/**
 * systeminformation's battery(). On Windows it derives acConnected from Win32_Battery's status and
 * reads a full battery on AC (status 3, 100 %) as not connected; a full battery that is not draining
 * is taken as mains, or a plugged-in laptop would never compute.
 */
export function fromBatteryInfo(battery: BatteryInfo): PowerState {
  if (!battery.hasBattery) return { onBattery: false, hasBattery: false };
  const onBattery = !battery.acConnected && !battery.isCharging && battery.percent < 100;
  return { onBattery, hasBattery: true };
}

export async function readLinuxPowerSupplies(root = '/sys/class/power_supply'): Promise<PowerState> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    // No power_supply class (a container, a desktop without ACPI battery support): mains.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { onBattery: false, hasBattery: false };
    throw error;
  }
  // A supply unplugged during the scan (a USB headset) has no file any more: skip it.
  const read = (name: string) => readFile(path.join(root, name, 'uevent'), 'utf8').catch(() => '');
  const texts = await Promise.all(names.map(read));
  return summarizePowerSupplies(texts.map(parsePowerSupplyUevent));
}

export interface PowerReaderOptions {
  platform?: NodeJS.Platform;
  run?: CommandRunner;
  /** Linux: where the power_supply class is; tests point it at a fixture tree. */
  sysRoot?: string;
  /** Windows: the battery query (systeminformation's by default). */
  battery?: () => Promise<BatteryInfo>;
  /** macOS: pmset's time limit. */
  timeoutMs?: number;
}

export function createPowerReader(options: PowerReaderOptions = {}): PowerReader {
  const platform = options.platform ?? process.platform;
  if (platform === 'linux')
    return { name: 'power_supply', read: () => readLinuxPowerSupplies(options.sysRoot) };
  if (platform === 'darwin') {
    const run = options.run ?? execCommand;
    return {
      name: 'pmset -g batt',
      read: async () =>
        parsePmsetBatt(await run('pmset', ['-g', 'batt'], { timeoutMs: options.timeoutMs ?? 3000 })),
    };
  }
  // No timeout of its own here: systeminformation cannot be cancelled; the governor service stops
  // waiting for any reader after its own timeout and treats the state as unknown.
  const battery = options.battery ?? (() => si.battery());
  return { name: 'battery', read: async () => fromBatteryInfo(await battery()) };
}
