// IO amounts: integers of base units (9 decimals, SPL Token's default, which the sandbox mint uses;
// the real IO mint's decimals are not pinned anywhere this project reads) everywhere; decimal text
// only for people and CSV. No float ever touches an amount. The one place for decimals and their text.
export const IO_DECIMALS = 9;
export const IO_BASE_UNITS = 10n ** BigInt(IO_DECIMALS);

/** An integer amount of base units as an exact decimal string ("1.5" for 1_500_000_000n at 9). */
export function formatUnits(amount: bigint, decimals: number): string {
  const sign = amount < 0n ? '-' : '';
  const abs = amount < 0n ? -amount : amount;
  if (decimals === 0) return `${sign}${abs}`;
  const digits = abs.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, -decimals);
  const fraction = digits.slice(-decimals).replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** Whole units given as a JSON number or decimal string, converted to base units without floats. */
export function parseUnits(value: number | string, decimals: number): bigint {
  const text = typeof value === 'number' ? value.toFixed(decimals) : value;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] ?? '').replace(/0+$/, '').length > decimals) {
    throw new Error(`not a non-negative amount with at most ${decimals} decimals: ${String(value)}`);
  }
  return BigInt(match[1] ?? '0') * 10n ** BigInt(decimals) + BigInt((match[2] ?? '').padEnd(decimals, '0'));
}

/** 1500000000n -> "1.5"; exact, no rounding, no trailing zeros. */
export const formatIoAmount = (units: bigint): string => formatUnits(units, IO_DECIMALS);

/** "1.5 IO" for sentences. */
export const formatIo = (units: bigint): string => `${formatIoAmount(units)} IO`;

/** formatIoAmount with the locale's digit grouping and decimal sign ("1,234.5" en, "1.234,5" de); exact. */
export function formatIoAmountLocale(units: bigint, locale?: string): string {
  const [whole = '0', fraction] = formatIoAmount(units < 0n ? -units : units).split('.');
  const format = new Intl.NumberFormat(locale);
  const decimal = format.formatToParts(0.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return `${units < 0n ? '-' : ''}${format.format(BigInt(whole))}${fraction ? decimal + fraction : ''}`;
}
