// What the owner reads about money: the 24 h prediction, last hour and today, totals by state, the
// chart buckets and the CSV export, all from the node's ledger copy, exact to the base unit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry, SubmitResultRequest } from '../../common/network-api.js';
import { earningsBuckets, earningsCsv, earningsSummary } from '../../main/node/earnings.js';
import { NodeStore } from '../../main/store/node-store.js';

// Local-calendar behaviour (today, daily buckets) needs a zone with DST; Berlin switched to summer
// time on 2024-03-31, a 23-hour day. Node applies a TZ change at run time.
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const MIN = 60_000;
const HOUR = 60 * MIN;
const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  new Date(y, mo - 1, d, h, mi, s, ms).getTime();

const stores: NodeStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});
function storeWith(
  entries: [id: string, amount: string | bigint, state: LedgerEntry['state'], at: number][],
) {
  const store = new NodeStore(mkdtempSync(join(tmpdir(), 'node-earnings-')));
  stores.push(store);
  store.syncLedger(
    entries.map(([id, amount, state, createdAt]) => ({
      entryId: id,
      jobId: `job-${id}`,
      amount: String(amount),
      state,
      createdAt,
    })),
  );
  return store;
}

describe('earningsSummary', () => {
  it('runs in the zone the test asked for', () => {
    // Guards the calendar tests below: if the TZ change did not apply they would prove nothing.
    expect(new Date(local(2024, 1, 15)).getTimezoneOffset()).toBe(-60);
    expect(new Date(local(2024, 6, 15)).getTimezoneOffset()).toBe(-120);
  });

  it('predicts 24 h as the last 15 minutes of credits × 96, exactly, and splits last hour / today', () => {
    const now = local(2024, 6, 15, 10, 30);
    const big = 123_456_789_012_345_678_901n; // over 2^64: the arithmetic must stay bigint
    const store = storeWith([
      ['in-window', big, 'verified', now - 5 * MIN],
      ['window-edge', 2_000n, 'paid', now - 15 * MIN], // the window includes its start
      ['just-outside', 4_000n, 'verified', now - 15 * MIN - 1],
      ['pending', 8_000n, 'pending', now - MIN], // not earned yet: in no figure but `pending`
      ['rejected', 16_000n, 'rejected', now - MIN], // never earned
      ['hour-edge', 32_000n, 'verified', now - HOUR],
      ['hour-out', 64_000n, 'verified', now - HOUR - 1],
      ['midnight', 128_000n, 'paid', local(2024, 6, 15, 0, 0)],
      ['yesterday', 256_000n, 'verified', local(2024, 6, 14, 23, 59, 59, 999)],
      ['future', 512_000n, 'verified', now + 1], // a coordinator clock ahead of ours
    ]);

    const summary = earningsSummary(store, now, 1234);

    expect(summary.predicted24h).toBe(String((big + 2_000n) * 96n));
    expect(summary.lastHour).toBe(String(big + 2_000n + 4_000n + 32_000n));
    expect(summary.today).toBe(String(big + 2_000n + 4_000n + 32_000n + 64_000n + 128_000n));
    expect(summary.pending).toBe('8000');
    expect(summary.verified).toBe(String(big + 4_000n + 32_000n + 64_000n + 256_000n + 512_000n));
    expect(summary.paid).toBe('130000');
    expect(summary.reconciledAt).toBe(1234);
  });

  it('predicts 0 with no recent credit, and counts job outcomes from the history', () => {
    const now = local(2024, 6, 15, 10, 30);
    const store = storeWith([['old', 10n, 'verified', now - 2 * HOUR]]);
    const body = { leaseId: 'x' } as unknown as SubmitResultRequest;
    const outcomes = ['verified', 'verified', 'waiting', 'rejected'] as const;
    outcomes.forEach((outcome, i) => {
      store.addLease({ leaseId: `L${i}`, jobId: `J${i}`, leasedJson: '{}', expiresAt: now + HOUR }, now);
      store.completeLease(`L${i}`, body, 1, now);
      store.settleOutbox(`L${i}`, outcome, '', 0n, now);
    });

    expect(earningsSummary(store, now, null)).toMatchObject({
      predicted24h: '0',
      lastHour: '0',
      today: '10',
      jobsVerified: 2,
      jobsWaiting: 1,
      jobsRejected: 1,
      reconciledAt: null,
    });
  });
});

describe('earningsBuckets', () => {
  it('gives the last N hours oldest first, the current hour included and partial', () => {
    const now = local(2024, 6, 15, 10, 30);
    const store = storeWith([
      ['h8', 1n, 'verified', local(2024, 6, 15, 8, 0)],
      ['h9a', 2n, 'verified', local(2024, 6, 15, 9, 59, 59, 999)],
      ['h9b', 4n, 'paid', local(2024, 6, 15, 9, 0)],
      ['h10', 8n, 'verified', local(2024, 6, 15, 10, 0)],
      ['pending', 16n, 'pending', local(2024, 6, 15, 10, 1)],
      ['later', 32n, 'verified', now + 1], // after `now`: not in the current bucket yet
    ]);

    const buckets = earningsBuckets(store, 'hour', 3, now);

    expect(buckets).toEqual([
      { start: local(2024, 6, 15, 8, 0), amount: '1' },
      { start: local(2024, 6, 15, 9, 0), amount: '6' },
      { start: local(2024, 6, 15, 10, 0), amount: '8' },
    ]);
    expect(earningsBuckets(store, 'hour', 24, now)).toHaveLength(24);
  });

  it('gives local calendar days, so the 23-hour DST day is one bucket and no entry moves a day', () => {
    const now = local(2024, 4, 1, 12, 0);
    const store = storeWith([
      ['mar30-late', 1n, 'verified', local(2024, 3, 30, 23, 30)],
      ['mar31-early', 2n, 'verified', local(2024, 3, 31, 0, 0)],
      ['mar31-late', 4n, 'paid', local(2024, 3, 31, 23, 30)], // a 24 h step from Apr 1 would miss this
      ['apr1', 8n, 'verified', local(2024, 4, 1, 0, 30)],
    ]);

    const buckets = earningsBuckets(store, 'day', 3, now);

    expect(buckets).toEqual([
      { start: local(2024, 3, 30), amount: '1' },
      { start: local(2024, 3, 31), amount: '6' },
      { start: local(2024, 4, 1), amount: '8' },
    ]);
    expect(buckets[2]!.start - buckets[1]!.start).toBe(23 * HOUR);
  });
});

describe('hour buckets in a zone with a half-hour offset', () => {
  // India is UTC+5:30. The hour buckets are aligned on UTC hours (Math.floor(now / HOUR)), so the
  // owner's chart shows bars from 10:30 to 11:30 local time instead of 10:00 to 11:00.
  it('start on local hour boundaries', () => {
    process.env.TZ = 'Asia/Kolkata';
    try {
      const now = local(2024, 6, 15, 10, 45);
      const store = storeWith([['at-10-05', 1n, 'verified', local(2024, 6, 15, 10, 5)]]);
      expect(earningsBuckets(store, 'hour', 1, now)).toEqual([
        { start: local(2024, 6, 15, 10, 0), amount: '1' },
      ]);
    } finally {
      process.env.TZ = 'Europe/Berlin';
    }
  });
});

describe('earningsCsv', () => {
  it('has a header and one line per entry, oldest first, amounts exact in IO and base units', () => {
    const store = storeWith([
      ['e2', 1_500_000_000n, 'paid', Date.UTC(2024, 5, 15, 11, 0, 0)],
      ['e1', 1_636n, 'verified', Date.UTC(2024, 5, 15, 10, 0, 0, 5)],
      ['e3', 18_446_744_073_709_551_617n, 'pending', Date.UTC(2024, 5, 15, 12, 0, 0)],
      ['e4', 0n, 'rejected', Date.UTC(2024, 5, 15, 13, 0, 0)],
    ]);

    expect(earningsCsv(store)).toBe(
      [
        'created_at_utc,entry_id,job_id,state,amount_io,amount_base_units',
        '2024-06-15T10:00:00.005Z,e1,job-e1,verified,0.000001636,1636',
        '2024-06-15T11:00:00.000Z,e2,job-e2,paid,1.5,1500000000',
        '2024-06-15T12:00:00.000Z,e3,job-e3,pending,18446744073.709551617,18446744073709551617',
        '2024-06-15T13:00:00.000Z,e4,job-e4,rejected,0,0',
        '',
      ].join('\n'),
    );
  });

  it('quotes fields with commas, quotes or newlines (ids come from the network)', () => {
    const store = storeWith([['a,b', 1n, 'verified', Date.UTC(2024, 0, 1)]]);
    store.syncLedger([
      {
        entryId: 'say "hi"',
        jobId: 'line\nbreak',
        amount: '2',
        state: 'paid',
        createdAt: Date.UTC(2024, 0, 2),
      },
    ]);

    const lines = earningsCsv(store).split('\n');

    expect(lines[1]).toBe('2024-01-01T00:00:00.000Z,"a,b","job-a,b",verified,0.000000001,1');
    expect(`${lines[2]}\n${lines[3]}`).toBe(
      '2024-01-02T00:00:00.000Z,"say ""hi""","line\nbreak",paid,0.000000002,2',
    );
  });

  it('is just the header for an empty ledger', () => {
    expect(earningsCsv(storeWith([]))).toBe(
      'created_at_utc,entry_id,job_id,state,amount_io,amount_base_units\n',
    );
  });
});
