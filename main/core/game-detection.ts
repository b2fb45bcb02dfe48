// Finds a running process that means "the GPU belongs to the owner now": one on their exclusive-apps
// list, a known game, or a game a launcher started. Pure and cheap (set lookups), because the
// governor evaluates it on the yield path.
import type { GovernorApps } from '../../common/governor.js';
import { BUILT_IN_GAMES, LAUNCHERS, LAUNCHER_HELPER, LAUNCH_WRAPPERS } from './game-list.js';

export interface ProcessInfo {
  /** As the OS reports it: "eldenring.exe", "/usr/bin/blender", "DaVinci Resolve". */
  name: string;
  /** The parent's name, when the process lister knows it (lets launcher-started games be found). */
  parentName?: string;
}

export interface BlockingProcess {
  kind: 'game' | 'exclusive-app';
  /** What the reason shows: the process's file name as reported, or what a wrapper stands for. */
  name: string;
  /** The launcher that started it, when that is how it was recognised ("Steam"). */
  launcher?: string;
}

const SUFFIXES = ['.exe', '.app', '.x86_64', '.x86'];

/**
 * One spelling for a process on every OS: no directory, lower case, no executable suffix. So
 * "C:\\Games\\ELDEN RING\\eldenring.exe", "eldenring.exe" (Proton on Linux) and "EldenRing" match.
 */
export function normalizeProcessName(name: string): string {
  const base = displayName(name).toLowerCase();
  const suffix = SUFFIXES.find((candidate) => base.endsWith(candidate) && base.length > candidate.length);
  return suffix ? base.slice(0, -suffix.length) : base;
}

/** The process as a person recognises it: no directory, spelling kept ("EldenRing.exe"). */
function displayName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? name).trim();
}

// The owner's lists change rarely and the process list often: normalize each list once per array.
const normalizedLists = new WeakMap<readonly string[], ReadonlySet<string>>();
function normalizedSet(names: readonly string[]): ReadonlySet<string> {
  let set = normalizedLists.get(names);
  if (!set) {
    set = new Set(names.map(normalizeProcessName));
    normalizedLists.set(names, set);
  }
  return set;
}

/**
 * The process that must pause computing, or null. A game known by name outranks one recognised only
 * as a launcher's child (Steam's `reaper` wrapper often has a lower pid than the game it wraps, and
 * "Cyberpunk2077.exe" tells the owner more than "a Steam game"); any game outranks an exclusive app
 * (the governor ranks 'game' first); an app on the owner's exclusive list pauses even if they also
 * put it on the ignored list: the stricter rule wins.
 */
export function findBlockingProcess(
  processes: readonly ProcessInfo[],
  apps: GovernorApps,
): BlockingProcess | null {
  const exclusive = normalizedSet(apps.exclusiveApps);
  const ignored = normalizedSet(apps.ignoredApps);
  let launchedGame: BlockingProcess | null = null;
  let exclusiveMatch: BlockingProcess | null = null;
  for (const process of processes) {
    const name = normalizeProcessName(process.name);
    if (apps.useBuiltInGameList && !ignored.has(name)) {
      const game = recogniseGame(process, name);
      if (game && !game.launcher) return game; // known by name: nothing better to find
      launchedGame ??= game;
    }
    if (!exclusiveMatch && exclusive.has(name))
      exclusiveMatch = { kind: 'exclusive-app', name: displayName(process.name) };
  }
  return launchedGame ?? exclusiveMatch;
}

function recogniseGame(process: ProcessInfo, name: string): BlockingProcess | null {
  if (BUILT_IN_GAMES.has(name)) return { kind: 'game', name: displayName(process.name) };
  if (process.parentName === undefined) return null;
  const launcher = LAUNCHERS.get(normalizeProcessName(process.parentName));
  if (launcher === undefined) return null;
  const wrapped = LAUNCH_WRAPPERS.get(name);
  if (wrapped !== undefined) return { kind: 'game', name: wrapped, launcher };
  if (LAUNCHER_HELPER.test(name)) return null;
  return { kind: 'game', name: displayName(process.name), launcher };
}
