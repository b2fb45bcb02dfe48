// Read-only views: a device's earnings and the explorer-style network figures. Money columns are
// decimal TEXT, summed as bigint here (SQLite's SUM would go through 64-bit or float).
import type {
  EarningsResponse,
  LedgerEntriesResponse,
  LedgerEntry,
  NetworkStats,
} from '../../common/network-api.js';
import type { Db } from '../store/database.js';
import { sql } from '../store/statements.js';

const sum = (rows: { v: string }[]) => rows.reduce((total, row) => total + BigInt(row.v), 0n);

export function earningsOf(db: Db, deviceId: string): EarningsResponse {
  const byState = (state: string) =>
    sum(
      sql(db, 'SELECT amount AS v FROM ledger WHERE device_id = ? AND state = ?').all(deviceId, state) as {
        v: string;
      }[],
    );
  const credited = sql(
    db,
    `SELECT COUNT(*) AS n FROM ledger WHERE device_id = ? AND state IN ('verified', 'paid')`,
  ).get(deviceId) as { n: number };
  return {
    deviceId,
    pending: String(byState('pending')),
    verified: String(byState('verified')),
    paid: String(byState('paid')),
    jobsCredited: credited.n,
  };
}

/** This device's ledger entries, oldest first: what a provider node mirrors into its own ledger. */
export function ledgerEntriesOf(db: Db, deviceId: string): LedgerEntriesResponse {
  const rows = sql(
    db,
    'SELECT id, job_id, gross, fee, amount, state, created_at FROM ledger WHERE device_id = ? ORDER BY created_at, id',
  ).all(deviceId) as {
    id: string;
    job_id: string;
    gross: string;
    fee: string;
    amount: string;
    state: LedgerEntry['state'];
    created_at: number;
  }[];
  return {
    entries: rows.map((r) => ({
      entryId: r.id,
      jobId: r.job_id,
      amount: r.amount,
      gross: r.gross,
      fee: r.fee,
      state: r.state,
      createdAt: r.created_at,
    })),
  };
}

export function networkStats(db: Db): NetworkStats {
  const devicesByStatus: Record<string, number> = {};
  for (const row of sql(db, 'SELECT status, COUNT(*) AS n FROM devices GROUP BY status').all() as {
    status: string;
    n: number;
  }[])
    devicesByStatus[row.status] = row.n;
  const jobs: Record<string, number> = {};
  for (const row of sql(db, 'SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as {
    state: string;
    n: number;
  }[])
    jobs[row.state] = row.n;
  const gpus = sql(
    db,
    `SELECT COALESCE(SUM(gpu_count), 0) AS n FROM devices WHERE status IN ('verified', 'cluster-ready')`,
  ).get() as { n: number };
  const kernelMs = sql(
    db,
    'SELECT COALESCE(SUM(kernel_ms), 0) AS ms FROM results WHERE verified = 1',
  ).get() as { ms: number };
  const settled = `state IN ('verified', 'paid')`;
  return {
    devicesByStatus,
    verifiedGpus: gpus.n,
    jobsQueued: jobs.queued ?? 0,
    jobsVerified: jobs.verified ?? 0,
    jobsFailed: jobs.failed ?? 0,
    computeHours: kernelMs.ms / 3_600_000,
    fees: String(sum(sql(db, `SELECT fee AS v FROM ledger WHERE ${settled}`).all() as { v: string }[])),
    credited: String(
      sum(sql(db, `SELECT amount AS v FROM ledger WHERE ${settled}`).all() as { v: string }[]),
    ),
    paid: String(
      sum(sql(db, `SELECT amount AS v FROM ledger WHERE state = 'paid'`).all() as { v: string }[]),
    ),
  };
}
