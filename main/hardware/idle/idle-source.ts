// Where "is the owner away?" comes from. One interface, three adapters: Electron's powerMonitor
// (desktop app), logind (headless Linux), and none (schedule only). The chosen source is shown to the
// owner (describe()), because what counts as idle differs between them.
import type { IdleSignal } from '../../core/governor-signals.js';

export interface IdleReading {
  /** Seconds since the owner last used keyboard or mouse (as well as the source can tell). */
  idleSeconds: number;
  /** The screen is locked, or no one is logged in at this PC: the owner is away. */
  locked: boolean;
}

export type IdleSourceName = 'electron' | 'logind' | 'none';

export interface IdleSource {
  readonly name: IdleSourceName;
  /** One sentence for settings: what this source watches and its limits. */
  describe(): string;
  /** Null when the source failed this time; the governor then does not start (never on a guess). */
  read(): Promise<IdleReading | null>;
}

/** The governor's idle signal from a source and its latest reading. */
export function toIdleSignal(source: IdleSource, reading: IdleReading | null): IdleSignal {
  if (source.name === 'none') return 'none';
  return reading ?? 'unknown';
}

/** No idle detection: Auto mode follows the schedule (and every other rule) only. */
export function createNoIdleSource(reason = 'no idle detection on this system'): IdleSource {
  return {
    name: 'none',
    describe: () => `None (${reason}): in Auto mode computing follows your schedule only.`,
    read: () => Promise.resolve(null),
  };
}
