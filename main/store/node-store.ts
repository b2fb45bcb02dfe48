// The provider node's durable state (node.sqlite in the data folder): leases it holds, results not yet
// acknowledged (the outbox), its job history, its copy of the coordinator's ledger, small cached
// values. Every step of a job's life is one transaction, so a kill -9 at any instant leaves either the
// step before or the step after: a lease is either still to run or its result is in the outbox.
import type { JobHistoryEntry } from '../../common/dashboard-api.js';
import type { LedgerEntry, SubmitResultRequest } from '../../common/network-api.js';
import { openMigratedDatabase, type Db, type Migration } from '../../common/node/sqlite.js';
import { join } from 'node:path';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'leases, outbox, job history, ledger copy, kv',
    sql: `
CREATE TABLE leases (
  lease_id TEXT PRIMARY KEY,        -- the coordinator's lease id
  job_id TEXT NOT NULL,
  leased_json TEXT NOT NULL,        -- the leased job as received (spec, verification, expiry)
  expires_at INTEGER NOT NULL
);
CREATE TABLE outbox (
  lease_id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  body_json TEXT NOT NULL,          -- the signed submission, sent as is on every retry
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE job_history (
  lease_id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  outcome TEXT,                     -- null while running or waiting in the outbox
  reason TEXT NOT NULL DEFAULT '',
  credited TEXT NOT NULL DEFAULT '0',
  kernel_ms REAL
);
CREATE INDEX job_history_started ON job_history (started_at);
CREATE TABLE ledger (
  entry_id TEXT PRIMARY KEY,        -- the coordinator's ledger entry id: syncing twice changes nothing
  job_id TEXT NOT NULL UNIQUE,
  amount TEXT NOT NULL,             -- IO base units, decimal
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ledger_created ON ledger (created_at);
CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
  },
];

export interface StoredLease {
  leaseId: string;
  jobId: string;
  leasedJson: string;
  expiresAt: number;
}

export interface OutboxItem {
  leaseId: string;
  jobId: string;
  body: SubmitResultRequest;
  attempts: number;
}

export interface LedgerTotals {
  pending: bigint;
  verified: bigint;
  paid: bigint;
  entries: number;
}

const HISTORY_SELECT = `SELECT lease_id, job_id, started_at, finished_at, outcome, reason, credited, kernel_ms
  FROM job_history`;

interface HistoryRow {
  lease_id: string;
  job_id: string;
  started_at: number;
  finished_at: number | null;
  outcome: JobHistoryEntry['outcome'];
  reason: string;
  credited: string;
  kernel_ms: number | null;
}

const toHistoryEntry = (r: HistoryRow): JobHistoryEntry => ({
  jobId: r.job_id,
  leaseId: r.lease_id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  outcome: r.outcome,
  reason: r.reason,
  credited: r.credited,
  kernelMs: r.kernel_ms,
});

const sumOf = (rows: { amount: string }[]) => rows.reduce((total, row) => total + BigInt(row.amount), 0n);

export class NodeStore {
  readonly db: Db;

  constructor(dataDir: string) {
    this.db = openMigratedDatabase(join(dataDir, 'node.sqlite'), MIGRATIONS);
  }

  close(): void {
    this.db.close();
  }

  /** A new lease and its history row land together: the job is ours to run until expiresAt. */
  addLease(lease: StoredLease, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT OR IGNORE INTO leases (lease_id, job_id, leased_json, expires_at) VALUES (?, ?, ?, ?)',
        )
        .run(lease.leaseId, lease.jobId, lease.leasedJson, lease.expiresAt);
      this.db
        .prepare('INSERT OR IGNORE INTO job_history (lease_id, job_id, started_at) VALUES (?, ?, ?)')
        .run(lease.leaseId, lease.jobId, now);
    })();
  }

  leases(): StoredLease[] {
    return this.db
      .prepare(
        `SELECT lease_id AS leaseId, job_id AS jobId, leased_json AS leasedJson, expires_at AS expiresAt
           FROM leases ORDER BY expires_at`,
      )
      .all() as StoredLease[];
  }

  /** The job ran: its signed result replaces the lease in one step (a crash keeps one of them). */
  completeLease(leaseId: string, body: SubmitResultRequest, kernelMs: number, now: number): void {
    this.db.transaction(() => {
      const lease = this.db.prepare('DELETE FROM leases WHERE lease_id = ? RETURNING job_id').get(leaseId) as
        { job_id: string } | undefined;
      if (!lease) throw new Error(`lease ${leaseId} is not held`);
      this.db
        .prepare('INSERT INTO outbox (lease_id, job_id, body_json, created_at) VALUES (?, ?, ?, ?)')
        .run(leaseId, lease.job_id, JSON.stringify(body), now);
      this.db
        .prepare('UPDATE job_history SET finished_at = ?, kernel_ms = ? WHERE lease_id = ?')
        .run(now, kernelMs, leaseId);
    })();
  }

  /** The job could not run (refused, failed, lease expired): the coordinator requeues it. */
  abandonLease(leaseId: string, outcome: 'failed' | 'abandoned', reason: string, now: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM leases WHERE lease_id = ?').run(leaseId);
      this.finishHistory(leaseId, outcome, reason, '0', now);
    })();
  }

  outbox(): OutboxItem[] {
    const rows = this.db
      .prepare('SELECT lease_id, job_id, body_json, attempts FROM outbox ORDER BY created_at')
      .all() as { lease_id: string; job_id: string; body_json: string; attempts: number }[];
    return rows.map((r) => ({
      leaseId: r.lease_id,
      jobId: r.job_id,
      body: JSON.parse(r.body_json) as SubmitResultRequest,
      attempts: r.attempts,
    }));
  }

  outboxSize(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** The network answered for this result (credited, waiting for its twin, or refused): it leaves the outbox. */
  settleOutbox(
    leaseId: string,
    outcome: NonNullable<JobHistoryEntry['outcome']>,
    reason: string,
    credited: bigint,
    now: number,
  ): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM outbox WHERE lease_id = ?').run(leaseId);
      this.finishHistory(leaseId, outcome, reason, String(credited), now);
    })();
  }

  noteOutboxAttempt(leaseId: string, error: string): void {
    this.db
      .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE lease_id = ?')
      .run(error, leaseId);
  }

  private finishHistory(leaseId: string, outcome: string, reason: string, credited: string, now: number) {
    this.db
      .prepare(
        `UPDATE job_history SET outcome = ?, reason = ?, credited = ?, finished_at = COALESCE(finished_at, ?)
           WHERE lease_id = ?`,
      )
      .run(outcome, reason, credited, now, leaseId);
  }

  history(limit: number): JobHistoryEntry[] {
    const rows = this.db
      .prepare(`${HISTORY_SELECT} ORDER BY started_at DESC, rowid DESC LIMIT ?`)
      .all(limit) as HistoryRow[];
    return rows.map(toHistoryEntry);
  }

  historyOf(leaseId: string): JobHistoryEntry | undefined {
    const row = this.db.prepare(`${HISTORY_SELECT} WHERE lease_id = ?`).get(leaseId) as
      HistoryRow | undefined;
    return row && toHistoryEntry(row);
  }

  outcomeCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const row of this.db
      .prepare('SELECT outcome, COUNT(*) AS n FROM job_history WHERE outcome IS NOT NULL GROUP BY outcome')
      .all() as { outcome: string; n: number }[])
      counts[row.outcome] = row.n;
    return counts;
  }

  /** Mirrors the coordinator's entries: new ones added, changed states (verified -> paid) updated. */
  syncLedger(entries: readonly LedgerEntry[]): number {
    const upsert = this.db.prepare(
      `INSERT INTO ledger (entry_id, job_id, amount, state, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (entry_id) DO UPDATE SET state = excluded.state, amount = excluded.amount
         WHERE ledger.state != excluded.state OR ledger.amount != excluded.amount`,
    );
    return this.db.transaction(() => {
      let changed = 0;
      for (const e of entries)
        changed += upsert.run(e.entryId, e.jobId, e.amount, e.state, e.createdAt).changes;
      return changed;
    })();
  }

  ledgerTotals(): LedgerTotals {
    const rows = this.db.prepare('SELECT state, amount FROM ledger').all() as {
      state: string;
      amount: string;
    }[];
    const of = (state: string) => sumOf(rows.filter((r) => r.state === state));
    return { pending: of('pending'), verified: of('verified'), paid: of('paid'), entries: rows.length };
  }

  /** Earned (verified or paid) in [from, to). */
  earnedBetween(from: number, to: number): bigint {
    return sumOf(
      this.db
        .prepare(
          `SELECT amount FROM ledger WHERE state IN ('verified', 'paid') AND created_at >= ? AND created_at < ?`,
        )
        .all(from, to) as { amount: string }[],
    );
  }

  ledgerRows(): { entryId: string; jobId: string; amount: string; state: string; createdAt: number }[] {
    return this.db
      .prepare(
        `SELECT entry_id AS entryId, job_id AS jobId, amount, state, created_at AS createdAt
           FROM ledger ORDER BY created_at, entry_id`,
      )
      .all() as { entryId: string; jobId: string; amount: string; state: string; createdAt: number }[];
  }

  get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined)
      ?.value;
  }

  set(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }
}
