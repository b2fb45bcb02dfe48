// IO amounts: integers of base units (9 decimals, like the SPL mint) everywhere; decimal text only
// for people and CSV. No float ever touches an amount.
export const IO_DECIMALS = 9;
export const IO_BASE_UNITS = 10n ** BigInt(IO_DECIMALS);

/** 1500000000n -> "1.5"; exact, no rounding, no trailing zeros. */
export function formatIoAmount(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const whole = abs / IO_BASE_UNITS;
  const fraction = abs % IO_BASE_UNITS;
  if (!fraction) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(IO_DECIMALS, '0').replace(/0+$/, '')}`;
}

/** "1.5 IO" for sentences. */
export const formatIo = (units: bigint): string => `${formatIoAmount(units)} IO`;

/** formatIoAmount with the locale's digit grouping and decimal sign ("1,234.5" en, "1.234,5" de); exact. */
export function formatIoAmountLocale(units: bigint, locale?: string): string {
  const [whole = '0', fraction] = formatIoAmount(units < 0n ? -units : units).split('.');
  const format = new Intl.NumberFormat(locale);
  const decimal = format.formatToParts(0.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return `${units < 0n ? '-' : ''}${format.format(BigInt(whole))}${fraction ? decimal + fraction : ''}`;
}
