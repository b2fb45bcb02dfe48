// Reconnect delays: doubling from `baseMs` to `maxMs`, with up to +-20 % jitter so a thousand nodes
// that lost the same coordinator do not come back in one wave. reset() after any success.
export class Backoff {
  private failures = 0;

  constructor(
    private readonly baseMs = 1_000,
    private readonly maxMs = 60_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next try, counting this failure. */
  next(): number {
    const raw = Math.min(this.maxMs, this.baseMs * 2 ** this.failures);
    this.failures++;
    return Math.round(raw * (0.8 + 0.4 * this.random()));
  }

  reset(): void {
    this.failures = 0;
  }

  get failing(): boolean {
    return this.failures > 0;
  }
}
