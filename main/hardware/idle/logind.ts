// Headless Linux idle detection from systemd-logind's session hints, through loginctl:
//   loginctl list-sessions --no-legend
//   loginctl show-session ID... -p Id -p Class -p Type -p State -p Remote -p IdleHint -p IdleSinceHint -p LockedHint
// IdleSinceHint is wall-clock microseconds since the epoch of when IdleHint last changed.
//
// The hints are coarse: the desktop (GNOME, KDE) sets IdleHint when its own screen-saver delay has
// passed, so idle is counted from then, later than the last input, never earlier: the safe side.
// Some desktops never set it (several wlroots compositors): then Auto waits for a lock or the
// schedule, which describe() tells the owner.
import { execCommand, type CommandRunner } from '../command.js';
import type { IdleReading, IdleSource } from './idle-source.js';

export const LOGIND_PROPERTIES = [
  'Id',
  'Class',
  'Type',
  'State',
  'Remote',
  'IdleHint',
  'IdleSinceHint',
  'LockedHint',
] as const;

export interface LogindSession {
  id: string;
  class: string;
  type: string;
  state: string;
  remote: boolean;
  idleHint: boolean;
  /** Epoch ms, null when logind has no time (0). */
  idleSince: number | null;
  lockedHint: boolean;
}

/** Session ids from `loginctl list-sessions --no-legend` (first column in every systemd version). */
export function parseSessionList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((id) => /^[\w.-]+$/.test(id));
}

/** `show-session` prints KEY=value lines, one blank-line-separated block per session. */
export function parseShowSession(text: string): LogindSession[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.split(/\r?\n/)) {
        const at = line.indexOf('=');
        if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      return fields;
    })
    .filter((fields) => fields.has('IdleHint'))
    .map((fields) => {
      const since = Number(fields.get('IdleSinceHint') ?? '0');
      return {
        id: fields.get('Id') ?? '',
        class: fields.get('Class') ?? '',
        type: fields.get('Type') ?? '',
        state: fields.get('State') ?? '',
        remote: fields.get('Remote') === 'yes',
        idleHint: fields.get('IdleHint') === 'yes',
        idleSince: Number.isFinite(since) && since > 0 ? Math.floor(since / 1000) : null,
        lockedHint: fields.get('LockedHint') === 'yes',
      };
    });
}

/**
 * One reading for the PC from its sessions. Only local user sessions count: a remote (ssh) session is
 * not someone at this PC (and may be the one running io-provider), a greeter is a login screen. The
 * most active person decides the idle time; the screen counts as locked only when every local
 * session is locked, and also when no one is logged in locally (a login screen locks as well).
 */
export function summarizeSessions(sessions: readonly LogindSession[], now: number): IdleReading {
  const local = sessions.filter((s) => s.class === 'user' && !s.remote && s.state !== 'closing');
  if (local.length === 0) return { idleSeconds: 0, locked: true };
  const idleSeconds = Math.min(
    ...local.map((s) => (s.idleHint && s.idleSince !== null ? Math.max(0, (now - s.idleSince) / 1000) : 0)),
  );
  return { idleSeconds, locked: local.every((s) => s.lockedHint) };
}

export interface LogindIdleSourceOptions {
  run?: CommandRunner;
  clock?: { now(): number };
  timeoutMs?: number;
}

export function createLogindIdleSource(options: LogindIdleSourceOptions = {}): IdleSource {
  const run = options.run ?? execCommand;
  const clock = options.clock ?? Date;
  const timeoutMs = options.timeoutMs ?? 2000;
  return {
    name: 'logind',
    describe: () =>
      'Session idle and lock hints from systemd-logind. They turn on after your desktop’s own ' +
      'screen-saver delay; if your desktop never sets them, Auto starts only when the screen is locked.',
    async read() {
      try {
        const ids = parseSessionList(await run('loginctl', ['list-sessions', '--no-legend'], { timeoutMs }));
        if (ids.length === 0) return summarizeSessions([], clock.now());
        const properties = LOGIND_PROPERTIES.flatMap((property) => ['-p', property]);
        const shown = await run('loginctl', ['show-session', ...ids, ...properties], { timeoutMs });
        return summarizeSessions(parseShowSession(shown), clock.now());
      } catch {
        return null;
      }
    },
  };
}
