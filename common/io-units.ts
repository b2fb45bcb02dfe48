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
