// The owner's view of earnings, from the node's copy of the coordinator's ledger: totals by state,
// the last hour and today, per-hour / per-day buckets for charts, a 24 h prediction and a CSV export.
import type { EarningsBucket, EarningsSummary } from '../../common/dashboard-api.js';
import { formatIoAmount } from '../../common/io-units.js';
import type { NodeStore } from '../store/node-store.js';

/** Salad predicts from a 15-minute rolling average; so do we. */
export const PREDICTION_WINDOW_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function localMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function earningsSummary(store: NodeStore, now: number, reconciledAt: number | null): EarningsSummary {
  const totals = store.ledgerTotals();
  const outcomes = store.outcomeCounts();
  const recent = store.earnedBetween(now - PREDICTION_WINDOW_MS, now + 1);
  return {
    pending: String(totals.pending),
    verified: String(totals.verified),
    paid: String(totals.paid),
    lastHour: String(store.earnedBetween(now - HOUR_MS, now + 1)),
    today: String(store.earnedBetween(localMidnight(now), now + 1)),
    predicted24h: String((recent * BigInt(DAY_MS)) / BigInt(PREDICTION_WINDOW_MS)),
    jobsVerified: outcomes.verified ?? 0,
    jobsWaiting: outcomes.waiting ?? 0,
    jobsRejected: outcomes.rejected ?? 0,
    reconciledAt,
  };
}

/** The last `count` hours or local days, oldest first, the current one included. */
export function earningsBuckets(
  store: NodeStore,
  bucket: 'hour' | 'day',
  count: number,
  now: number,
): EarningsBucket[] {
  const starts: number[] = [];
  if (bucket === 'hour') {
    // Local hours: in zones with half-hour offsets a UTC hour would straddle two local ones.
    const current = new Date(now);
    current.setMinutes(0, 0, 0);
    for (let i = count - 1; i >= 0; i--) starts.push(current.getTime() - i * HOUR_MS);
  } else {
    // Local days differ in length across DST changes: step by calendar date, not by 24 h.
    for (let i = count - 1; i >= 0; i--) {
      const d = new Date(now);
      d.setHours(0, 0, 0, 0);
      d.setDate(d.getDate() - i);
      starts.push(d.getTime());
    }
  }
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? now + 1;
    return { start, amount: String(store.earnedBetween(start, end)) };
  });
}

/**
 * RFC 4180 quoting, and a leading ' on anything a spreadsheet would run as a formula: entry and job
 * ids come from the network, and a CSV opened in a spreadsheet must not execute what they say.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per ledger entry, amounts both in IO and in exact base units, times in UTC. */
export function earningsCsv(store: NodeStore): string {
  const lines = ['created_at_utc,entry_id,job_id,state,amount_io,amount_base_units'];
  for (const row of store.ledgerRows())
    lines.push(
      [
        new Date(row.createdAt).toISOString(),
        row.entryId,
        row.jobId,
        row.state,
        formatIoAmount(BigInt(row.amount)),
        row.amount,
      ]
        .map(csvField)
        .join(','),
    );
  return `${lines.join('\n')}\n`;
}
