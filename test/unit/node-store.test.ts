// The node's durable state: a lease and its result never both vanish (nor both exist), settling and
// abandoning leave the right history, the ledger copy mirrors the coordinator's without double
// counting, totals stay exact past 64 bits, and everything survives a restart, readable by the
// owner only.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEntry, SubmitResultRequest } from '../../common/network-api.js';
import { NodeStore, type StoredLease } from '../../main/store/node-store.js';

const T0 = 1_700_000_000_000;
const stores: NodeStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) if (store.db.open) store.close();
});

function open(dir = mkdtempSync(join(tmpdir(), 'node-store-'))): { dir: string; store: NodeStore } {
  const store = new NodeStore(dir);
  stores.push(store);
  return { dir, store };
}

const lease = (n: number): StoredLease => ({
  leaseId: `lease-${n}`,
  jobId: `job-${n}`,
  leasedJson: JSON.stringify({ leaseId: `lease-${n}`, spec: { name: `job ${n}` } }),
  expiresAt: T0 + 60_000 + n,
});

// The store keeps the signed submission as opaque JSON; its inner shape does not matter here.
const result = (leaseId: string) =>
  ({ leaseId, receipt: { signature: `sig-of-${leaseId}` }, outputs: [] }) as unknown as SubmitResultRequest;

const entry = (id: string, amount: string, state: LedgerEntry['state'], createdAt = T0): LedgerEntry => ({
  entryId: id,
  jobId: `job-of-${id}`,
  amount,
  state,
  createdAt,
});

describe('a lease becoming a result (completeLease)', () => {
  it('moves the lease into the outbox in one step and stamps the history', () => {
    const { store } = open();
    store.addLease(lease(1), T0);
    store.addLease(lease(2), T0 + 1);
    expect(store.historyOf('lease-1')).toMatchObject({ jobId: 'job-1', startedAt: T0, outcome: null });

    store.completeLease('lease-1', result('lease-1'), 123.5, T0 + 5_000);

    expect(store.leases().map((l) => l.leaseId)).toEqual(['lease-2']);
    expect(store.outbox()).toEqual([
      { leaseId: 'lease-1', jobId: 'job-1', body: result('lease-1'), attempts: 0 },
    ]);
    expect(store.outboxSize()).toBe(1);
    // Finished computing but not yet answered by the network: no outcome yet.
    expect(store.historyOf('lease-1')).toMatchObject({
      finishedAt: T0 + 5_000,
      kernelMs: 123.5,
      outcome: null,
    });
  });

  it('refuses a lease it does not hold and changes nothing', () => {
    const { store } = open();
    store.addLease(lease(1), T0);
    expect(() => store.completeLease('lease-9', result('lease-9'), 1, T0)).toThrow(
      /lease lease-9 is not held/,
    );
    expect(store.leases()).toHaveLength(1);
    expect(store.outboxSize()).toBe(0);
  });

  it('keeps the lease when the outbox insert fails (a result already waiting for the same lease id)', () => {
    const { store } = open();
    store.addLease(lease(1), T0);
    store.completeLease('lease-1', result('lease-1'), 10, T0 + 1_000);
    // The coordinator hands out the same lease id again while the first result still waits.
    store.addLease(lease(1), T0 + 2_000);

    expect(() => store.completeLease('lease-1', result('lease-1'), 20, T0 + 3_000)).toThrow(/UNIQUE/);

    // The DELETE of the lease ran before the failing INSERT: the transaction undid it.
    expect(store.leases().map((l) => l.leaseId)).toEqual(['lease-1']);
    expect(store.outbox()).toHaveLength(1);
    expect(store.historyOf('lease-1')).toMatchObject({ finishedAt: T0 + 1_000, kernelMs: 10 });
  });

  it('leaves exactly the step before when the last statement (the history update) fails', () => {
    const { store } = open();
    store.addLease(lease(1), T0);
    // Stands in for a kill or an I/O error after the lease was deleted and the outbox row written.
    store.db.exec(`CREATE TEMP TRIGGER fail_history BEFORE UPDATE ON job_history
      BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);

    expect(() => store.completeLease('lease-1', result('lease-1'), 10, T0 + 1_000)).toThrow(
      /simulated failure/,
    );

    expect(store.leases().map((l) => l.leaseId)).toEqual(['lease-1']);
    expect(store.outboxSize()).toBe(0);
    store.db.exec('DROP TRIGGER fail_history');
    store.completeLease('lease-1', result('lease-1'), 10, T0 + 1_000);
    expect(store.leases()).toEqual([]);
    expect(store.outboxSize()).toBe(1);
  });
});

describe('results leaving the outbox, leases given up', () => {
  it('settleOutbox removes the result and records the outcome and credit in the history', () => {
    const { store } = open();
    store.addLease(lease(1), T0);
    store.completeLease('lease-1', result('lease-1'), 10, T0 + 1_000);
    store.noteOutboxAttempt('lease-1', 'ECONNREFUSED');
    expect(store.outbox()[0]!.attempts).toBe(1);

    store.settleOutbox('lease-1', 'verified', 'freivalds check passed', 1_636n, T0 + 9_000);

    expect(store.outbox()).toEqual([]);
    expect(store.historyOf('lease-1')).toEqual({
      jobId: 'job-1',
      leaseId: 'lease-1',
      startedAt: T0,
      finishedAt: T0 + 1_000, // when it finished computing, not when the network answered
      outcome: 'verified',
      reason: 'freivalds check passed',
      credited: '1636',
      kernelMs: 10,
    });
    expect(store.outcomeCounts()).toEqual({ verified: 1 });
  });

  it('abandonLease drops the lease and records why, with nothing credited', () => {
    const { store } = open();
    store.addLease(lease(1), T0);
    store.addLease(lease(2), T0 + 1);
    store.abandonLease('lease-1', 'abandoned', 'lease expired before the GPU was free', T0 + 70_000);
    store.abandonLease('lease-2', 'failed', 'device lost', T0 + 80_000);

    expect(store.leases()).toEqual([]);
    expect(store.outboxSize()).toBe(0);
    expect(store.historyOf('lease-1')).toMatchObject({
      outcome: 'abandoned',
      reason: 'lease expired before the GPU was free',
      credited: '0',
      finishedAt: T0 + 70_000,
    });
    expect(store.outcomeCounts()).toEqual({ abandoned: 1, failed: 1 });
    // Newest first.
    expect(store.history(10).map((h) => h.leaseId)).toEqual(['lease-2', 'lease-1']);
    expect(store.history(1)).toHaveLength(1);
  });
});

describe('the ledger copy', () => {
  it('syncing the same entries twice changes nothing', () => {
    const { store } = open();
    const entries = [entry('e1', '100', 'verified'), entry('e2', '250', 'pending', T0 + 1)];
    expect(store.syncLedger(entries)).toBe(2);
    const before = store.ledgerRows();

    expect(store.syncLedger(entries)).toBe(0);

    expect(store.ledgerRows()).toEqual(before);
    expect(store.ledgerTotals()).toEqual({ pending: 250n, verified: 100n, paid: 0n, entries: 2 });
  });

  it('updates an entry whose state changed (verified -> paid) without adding a row', () => {
    const { store } = open();
    store.syncLedger([entry('e1', '100', 'verified'), entry('e2', '250', 'pending', T0 + 1)]);

    expect(store.syncLedger([entry('e1', '100', 'paid'), entry('e2', '250', 'pending', T0 + 1)])).toBe(1);

    expect(store.ledgerTotals()).toEqual({ pending: 250n, verified: 0n, paid: 100n, entries: 2 });
    expect(store.ledgerRows().find((r) => r.entryId === 'e1')!.state).toBe('paid');
  });

  it('sums amounts exactly as bigint beyond 2^63 (and ignores rejected entries)', () => {
    const { store } = open();
    const max64 = 2n ** 63n - 1n;
    store.syncLedger([
      entry('e1', String(max64), 'verified'),
      entry('e2', String(max64), 'verified', T0 + 1),
      entry('e3', '999999999999999999999999999999', 'paid', T0 + 2), // 30 digits, the schema's limit
      entry('e4', '5', 'rejected', T0 + 3),
    ]);
    const totals = store.ledgerTotals();
    expect(totals.verified).toBe(2n * max64);
    expect(totals.paid).toBe(999999999999999999999999999999n);
    expect(totals.pending).toBe(0n);
    expect(totals.entries).toBe(4);
    // The text survives the database unrounded (no REAL/INTEGER affinity sneaking in).
    expect(store.ledgerRows().map((r) => r.amount)).toEqual([
      String(max64),
      String(max64),
      '999999999999999999999999999999',
      '5',
    ]);
  });
});

describe('on disk', () => {
  it('a reopened store keeps leases, outbox, history, ledger and kv', () => {
    const { dir, store } = open();
    store.addLease(lease(1), T0);
    store.addLease(lease(2), T0 + 1);
    store.completeLease('lease-2', result('lease-2'), 42, T0 + 2);
    store.addLease(lease(3), T0 + 3);
    store.abandonLease('lease-3', 'failed', 'bad spec', T0 + 4);
    store.syncLedger([entry('e1', '18446744073709551616', 'verified')]);
    store.set('deviceStatus', 'verified');
    store.set('deviceStatus', 'blocked');
    const snapshot = {
      leases: store.leases(),
      outbox: store.outbox(),
      history: store.history(10),
      ledger: store.ledgerRows(),
    };
    store.close();

    const again = open(dir).store;
    expect({
      leases: again.leases(),
      outbox: again.outbox(),
      history: again.history(10),
      ledger: again.ledgerRows(),
    }).toEqual(snapshot);
    expect(again.get('deviceStatus')).toBe('blocked');
    expect(again.get('missing')).toBeUndefined();
    expect(again.ledgerTotals().verified).toBe(2n ** 64n);
  });

  it.skipIf(process.platform === 'win32')(
    'keeps the database owner-only (0600) in an owner-only folder (0700)',
    () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'node-store-')), 'data');
      const { store } = open(dir);
      store.set('k', 'v'); // a write, so the -wal file exists too
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'node.sqlite')).mode & 0o777).toBe(0o600);
      expect(existsSync(join(dir, 'node.sqlite-wal'))).toBe(true);
      expect(statSync(join(dir, 'node.sqlite-wal')).mode & 0o777).toBe(0o600);
    },
  );
});
