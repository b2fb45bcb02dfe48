// Reconnect delays: doubling to a cap, jittered within ±20 % so nodes that lost the same
// coordinator do not all come back at once, and back to the base after a success.
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../main/network/backoff.js';

describe('Backoff', () => {
  it('doubles from the base up to the cap, exact with mid-range jitter', () => {
    const backoff = new Backoff(1_000, 10_000, () => 0.5);
    expect(backoff.failing).toBe(false);
    expect(Array.from({ length: 6 }, () => backoff.next())).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect(backoff.failing).toBe(true);
  });

  it('keeps jitter within ±20 %', () => {
    expect(new Backoff(1_000, 60_000, () => 0).next()).toBe(800);
    expect(new Backoff(1_000, 60_000, () => 0.999_999).next()).toBe(1_200);
    const capped = new Backoff(1_000, 60_000, () => 0);
    for (let i = 0; i < 20; i++) capped.next();
    expect(capped.next()).toBe(48_000);
    const random = new Backoff(1_000, 60_000);
    for (let i = 0; i < 50; i++) {
      const delay = random.next();
      const raw = Math.min(60_000, 1_000 * 2 ** i);
      expect(delay).toBeGreaterThanOrEqual(raw * 0.8);
      expect(delay).toBeLessThanOrEqual(raw * 1.2);
    }
  });

  it('starts again from the base after reset()', () => {
    const backoff = new Backoff(500, 60_000, () => 0.5);
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.failing).toBe(false);
    expect(backoff.next()).toBe(500);
  });
});
