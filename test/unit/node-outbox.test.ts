// Delivering kept results: oldest first, each leaving the outbox only on an answer from the network,
// and a result already delivered before a restart settled from what the network's ledger says.
// The client is a stand-in answering from a script; the store is real.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobHistoryEntry } from '../../common/dashboard-api.js';
import type { LedgerEntry, SubmitResultRequest, SubmitResultResponse } from '../../common/network-api.js';
import {
  CoordinatorRefusedError,
  NetworkUnavailableError,
  type CoordinatorClient,
} from '../../main/network/coordinator-client.js';
import { deliverOutbox, type OutboxPorts } from '../../main/node/outbox.js';
import { NodeStore } from '../../main/store/node-store.js';

const T0 = 1_700_000_000_000;
const stores: NodeStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/** A node with results for the given jobs in its outbox (oldest first), and a scripted network. */
function nodeWith(jobs: string[], answer: (leaseId: string) => SubmitResultResponse | Error) {
  const store = new NodeStore(mkdtempSync(join(tmpdir(), 'node-outbox-')));
  stores.push(store);
  jobs.forEach((job, i) => {
    store.addLease({ leaseId: `L-${job}`, jobId: job, leasedJson: '{}', expiresAt: T0 + 60_000 }, T0 + i);
    const body = { leaseId: `L-${job}` } as unknown as SubmitResultRequest;
    store.completeLease(`L-${job}`, body, 10, T0 + 100 + i);
  });
  const sent: string[] = [];
  const networkLedger: LedgerEntry[] = [];
  const events: JobHistoryEntry[] = [];
  const logs: string[] = [];
  let syncs = 0;
  let publishes = 0;
  const client = {
    submit: (body: SubmitResultRequest) => {
      sent.push(body.leaseId);
      const a = answer(body.leaseId);
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    },
  } as unknown as CoordinatorClient;
  const owner: OutboxPorts = {
    client,
    store,
    syncLedger: () => {
      syncs++;
      store.syncLedger(networkLedger);
      return Promise.resolve();
    },
    log: (m) => logs.push(m),
    emit: (e) => events.push(e.job),
    publish: () => publishes++,
  };
  return {
    store,
    owner,
    sent,
    networkLedger,
    events,
    logs,
    counts: () => ({ syncs, publishes }),
  };
}

const accepted = (jobId: string, credited: string): SubmitResultResponse => ({
  jobId,
  outcome: 'accepted',
  reason: 'Freivalds check passed.',
  credited,
});
const ledger = (jobId: string, state: LedgerEntry['state'], amount = '700'): LedgerEntry => ({
  entryId: `entry-${jobId}`,
  jobId,
  amount,
  state,
  createdAt: T0,
});

describe('deliverOutbox', () => {
  it('sends oldest first; an accepted result becomes verified with its credit, a waiting one waits', async () => {
    const n = nodeWith(['J1', 'J2'], (leaseId) =>
      leaseId === 'L-J1'
        ? accepted('J1', '1636')
        : { jobId: 'J2', outcome: 'waiting', reason: 'Waiting for the second copy.', credited: '900' },
    );

    expect(await deliverOutbox(n.owner)).toBe(2);

    expect(n.sent).toEqual(['L-J1', 'L-J2']);
    expect(n.store.outboxSize()).toBe(0);
    expect(n.store.historyOf('L-J1')).toMatchObject({ outcome: 'verified', credited: '1636' });
    expect(n.store.historyOf('L-J2')).toMatchObject({
      outcome: 'waiting',
      reason: 'Waiting for the second copy.',
    });
    expect(n.events.map((e) => [e.jobId, e.outcome])).toEqual([
      ['J1', 'verified'],
      ['J2', 'waiting'],
    ]);
    // One ledger sync and one state push for the batch, so the dashboard shows the new credit.
    expect(n.counts()).toEqual({ syncs: 1, publishes: 1 });
  });

  it('keeps the result when the network cannot be reached, notes the attempt, and stops there', async () => {
    const n = nodeWith(['J1', 'J2', 'J3'], (leaseId) =>
      leaseId === 'L-J1'
        ? accepted('J1', '5')
        : new NetworkUnavailableError('cannot reach the network at http://x (ECONNREFUSED)'),
    );

    await expect(deliverOutbox(n.owner)).rejects.toBeInstanceOf(NetworkUnavailableError);

    expect(n.sent).toEqual(['L-J1', 'L-J2']); // J3 is not tried against a network that is away
    expect(n.store.outbox().map((o) => [o.leaseId, o.attempts])).toEqual([
      ['L-J2', 1],
      ['L-J3', 0],
    ]);
    expect(n.store.historyOf('L-J1')!.outcome).toBe('verified');
    expect(n.store.historyOf('L-J2')!.outcome).toBeNull();
  });

  it('settles a refused result as rejected with the network’s reason, and logs it', async () => {
    const n = nodeWith(
      ['J1'],
      () => new CoordinatorRefusedError(400, 'bad-receipt', 'the receipt signature is wrong'),
    );
    expect(await deliverOutbox(n.owner)).toBe(1);
    expect(n.store.outboxSize()).toBe(0);
    expect(n.store.historyOf('L-J1')).toMatchObject({
      outcome: 'rejected',
      reason: 'the receipt signature is wrong',
      credited: '0',
    });
    expect(n.logs).toEqual(['result for job J1 refused: the receipt signature is wrong']);
  });

  it('keeps the result when something other than the network fails', async () => {
    const n = nodeWith(['J1'], () => new TypeError('bug'));
    await expect(deliverOutbox(n.owner)).rejects.toThrow('bug');
    expect(n.store.outboxSize()).toBe(1);
  });

  describe('a result already delivered before a restart (409 already-submitted)', () => {
    const again = () => new CoordinatorRefusedError(409, 'already-submitted', 'already received');

    it('is verified with the ledger’s amount when the network credited it', async () => {
      const n = nodeWith(['J1'], again);
      n.networkLedger.push(ledger('J1', 'paid', '4200'));
      await deliverOutbox(n.owner);
      expect(n.store.historyOf('L-J1')).toMatchObject({
        outcome: 'verified',
        reason: 'delivered before a restart',
        credited: '4200',
      });
    });

    it('is waiting, with nothing credited yet, when its ledger entry is pending', async () => {
      const n = nodeWith(['J1'], again);
      n.networkLedger.push(ledger('J1', 'pending'));
      await deliverOutbox(n.owner);
      expect(n.store.historyOf('L-J1')).toMatchObject({ outcome: 'waiting', credited: '0' });
    });

    it('is rejected when the network has no ledger entry for it', async () => {
      const n = nodeWith(['J1'], again);
      await deliverOutbox(n.owner);
      expect(n.store.historyOf('L-J1')).toMatchObject({
        outcome: 'rejected',
        reason: 'delivered before a restart; not credited',
        credited: '0',
      });
    });

    // outbox.ts maps every ledger state other than 'pending' to 'verified' with the entry's amount.
    // The coordinator also writes 'rejected' entries (a redundancy twin that disagreed,
    // coordinator/service/results.ts settleTwin), so such a job shows as verified and credited in
    // the owner's history and counts in jobsVerified.
    it('is rejected, with nothing credited, when its ledger entry was rejected', async () => {
      const n = nodeWith(['J1'], again);
      n.networkLedger.push(ledger('J1', 'rejected', '700'));
      await deliverOutbox(n.owner);
      expect(n.store.historyOf('L-J1')).toMatchObject({ outcome: 'rejected', credited: '0' });
    });
  });
});
