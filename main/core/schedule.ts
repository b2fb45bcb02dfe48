// Weekly schedule windows in the owner's wall-clock time: is now inside one, and when does that change.
//
// Pure: the only outside input is the time zone database behind Intl. All arithmetic happens in
// "local minutes from now" (days x 1440 + minute of day), so windows that cross midnight or the week's
// end (Saturday 22:00 - Sunday 06:00) need no special cases; Intl is asked only to place "now" in
// the week and to correct the epoch of the next boundary for a DST shift.
import type { Schedule, ScheduleWindow } from '../../common/governor.js';

export interface LocalTime {
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight, 0..1439. */
  minute: number;
}

export interface ScheduleStatus {
  /** False when no window is set: there is no schedule to be outside of. */
  hasSchedule: boolean;
  inside: boolean;
  /** When `inside` next flips (epoch ms), null without a schedule. */
  changesAt: number | null;
  /** The wall-clock time of that change: "20:00", or "Tue 20:00" when it is not today. */
  changesAtLabel: string | null;
}

const MINUTES_PER_DAY = 1440;
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  // Building a DateTimeFormat costs far more than using one; the governor runs on every signal.
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Where `epochMs` falls in the local week of `timeZone` (the system zone when absent). */
export function localTime(epochMs: number, timeZone?: string): LocalTime {
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type === 'weekday')
      weekday = WEEKDAY_NAMES.indexOf(part.value as (typeof WEEKDAY_NAMES)[number]);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
}

/** "HH:MM" to minutes since midnight ("24:00" is 1440). */
export function parseTimeOfDay(text: string): number {
  const [hours = '0', minutes = '0'] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}

function formatMinute(minute: number): string {
  const hours = Math.floor(minute / 60);
  return `${String(hours).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Window length in minutes: an end at or before the start closes on the next day; equal is 24 h. */
function windowLength(window: ScheduleWindow): number {
  const start = parseTimeOfDay(window.start);
  const end = parseTimeOfDay(window.end);
  return end > start ? end - start : end + MINUTES_PER_DAY - start;
}

function insideWindow(window: ScheduleWindow, at: LocalTime): boolean {
  const start = parseTimeOfDay(window.start);
  const length = windowLength(window);
  // Did the window open today, or yesterday and is still open (night windows)?
  for (const daysBack of [0, 1]) {
    const openedOn = (at.weekday - daysBack + 7) % 7;
    if (!window.days.includes(openedOn)) continue;
    const sinceOpen = at.minute + daysBack * MINUTES_PER_DAY - start;
    if (sinceOpen >= 0 && sinceOpen < length) return true;
  }
  return false;
}

function insideAny(windows: readonly ScheduleWindow[], at: LocalTime): boolean {
  return windows.some((window) => insideWindow(window, at));
}

function shift(at: LocalTime, minutes: number): LocalTime {
  const total = at.minute + minutes;
  const days = Math.floor(total / MINUTES_PER_DAY);
  return { weekday: (((at.weekday + days) % 7) + 7) % 7, minute: total - days * MINUTES_PER_DAY };
}

/** Offsets (minutes from now's local minute) of every window start and end in the coming 8 days. */
function boundaries(windows: readonly ScheduleWindow[], now: LocalTime): number[] {
  const offsets = new Set<number>();
  for (const window of windows) {
    const start = parseTimeOfDay(window.start);
    const length = windowLength(window);
    for (let day = -1; day <= 8; day++) {
      if (!window.days.includes((((now.weekday + day) % 7) + 7) % 7)) continue;
      const opens = day * MINUTES_PER_DAY + start - now.minute;
      for (const offset of [opens, opens + length]) if (offset > 0) offsets.add(offset);
    }
  }
  return [...offsets].sort((a, b) => a - b);
}

/** Epoch of a local minute `offset` minutes after now's local minute, corrected once for DST. */
function epochAt(now: number, local: LocalTime, offset: number, timeZone: string | undefined): number {
  const startOfMinute = now - (((now % 60_000) + 60_000) % 60_000);
  const guess = startOfMinute + offset * 60_000;
  const wanted = shift(local, offset);
  const got = localTime(guess, timeZone);
  let drift = got.minute - wanted.minute;
  if (got.weekday !== wanted.weekday) drift += got.weekday === (wanted.weekday + 1) % 7 ? 1440 : -1440;
  // Only a zone-offset change (an hour, rarely 30 min) is corrected; anything else is left alone.
  return Math.abs(drift) <= 120 ? guess - drift * 60_000 : guess;
}

/** Whether `now` is inside the schedule, and when and at what wall-clock time that changes. */
export function scheduleStatus(schedule: Schedule, now: number): ScheduleStatus {
  if (schedule.windows.length === 0) {
    return { hasSchedule: false, inside: true, changesAt: null, changesAtLabel: null };
  }
  const local = localTime(now, schedule.timeZone);
  const inside = insideAny(schedule.windows, local);
  // Adjacent windows (Mon 00:00-24:00, Tue 00:00-24:00) merge: skip boundaries that change nothing.
  const change = boundaries(schedule.windows, local).find(
    (offset) => insideAny(schedule.windows, shift(local, offset)) !== inside,
  );
  if (change === undefined) return { hasSchedule: true, inside, changesAt: null, changesAtLabel: null };
  const at = shift(local, change);
  const sameDay = local.minute + change < MINUTES_PER_DAY;
  const label = sameDay ? formatMinute(at.minute) : `${WEEKDAY_NAMES[at.weekday]} ${formatMinute(at.minute)}`;
  return {
    hasSchedule: true,
    inside,
    changesAt: epochAt(now, local, change, schedule.timeZone),
    changesAtLabel: label,
  };
}
