// Numbers, dates and amounts for people, in the browser's locale (Intl). IO amounts come only from
// integer base-unit strings, through BigInt (common/io-units.ts): never a float.
import { formatIoAmountLocale } from '../../common/io-units.js';

// Read through globalThis so the pure modules that format (and their unit tests under Node, whose
// typings have no navigator) share this one place.
const locale = (globalThis as { navigator?: { language?: string } }).navigator?.language;
const cache = new Map<string, Intl.NumberFormat>();
const numberFormat = (options: Intl.NumberFormatOptions) => {
  const key = JSON.stringify(options);
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
};

export const formatIo = (units: string | bigint) => `${formatIoAmountLocale(BigInt(units), locale)} IO`;

export const formatNumber = (value: number, maximumFractionDigits = 1) =>
  numberFormat({ maximumFractionDigits }).format(value);

/** Chart axis labels: 0.00006 rather than 6E-5. */
export const formatSignificant = (value: number) =>
  numberFormat({ maximumSignificantDigits: 3, maximumFractionDigits: 9 }).format(value);

export const formatPercent = (fraction: number, maximumFractionDigits = 0) =>
  numberFormat({ style: 'percent', maximumFractionDigits }).format(fraction);

export const formatUnit = (value: number, unit: string, maximumFractionDigits = 0) =>
  numberFormat({ style: 'unit', unit, maximumFractionDigits }).format(value);

export const formatCelsius = (value: number) => formatUnit(value, 'celsius');

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return formatUnit(bytes / 2 ** 30, 'gigabyte', 1);
  return formatUnit(bytes / 2 ** 20, 'megabyte', 0);
}

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
const timeSeconds = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
const dayOnly = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
const hourOnly = new Intl.DateTimeFormat(locale, { hour: 'numeric' });

const sameDay = (a: number, b: number) => new Date(a).toDateString() === new Date(b).toDateString();

/** Today: the time; another day: date and time. */
export const formatWhen = (ms: number, now = Date.now()) =>
  sameDay(ms, now) ? timeOnly.format(ms) : dateTime.format(ms);
export const formatDateTime = (ms: number) => dateTime.format(ms);
export const formatClock = (ms: number) => timeSeconds.format(ms);
export const formatDay = (ms: number) => dayOnly.format(ms);
export const formatHour = (ms: number) => hourOnly.format(ms);

/** 65_000 -> "1 min 5 s"; 7_380_000 -> "2 h 3 min"; under 10 s with one decimal. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return formatUnit(ms / 1000, 'second', 1);
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const parts: string[] = [];
  if (h) parts.push(formatUnit(h, 'hour'));
  if (m || (h && !s)) parts.push(formatUnit(m, 'minute'));
  if (!h && s) parts.push(formatUnit(s, 'second'));
  return parts.join(' ');
}

const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
/** "in 4 minutes", "2 hours ago". */
export function formatRelative(ms: number, now = Date.now()): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return relative.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return relative.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return relative.format(Math.round(diff / 3_600_000), 'hour');
  return relative.format(Math.round(diff / 86_400_000), 'day');
}
