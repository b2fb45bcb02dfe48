// Delivers the results the node computed but the network has not acknowledged, oldest first. A
// result leaves the outbox only on an answer from the network; when the network cannot be reached it
// stays, and the node's loop goes offline and retries with backoff. Sending twice is harmless: the
// coordinator refuses a second result for a lease, and its ledger credits a job at most once.
import type { JobHistoryEntry } from '../../common/dashboard-api.js';
import {
  CoordinatorRefusedError,
  NetworkUnavailableError,
  type CoordinatorClient,
} from '../network/coordinator-client.js';
import type { NodeStore } from '../store/node-store.js';

/** What delivering needs from the node: the network, the store, and where to report. */
export interface OutboxPorts {
  client: CoordinatorClient;
  store: NodeStore;
  syncLedger(): Promise<void>;
  log(message: string): void;
  emit(event: { type: 'job'; job: JobHistoryEntry }): void;
  publish(): void;
}

export async function deliverOutbox(node: OutboxPorts): Promise<number> {
  const { client, store } = node;
  let delivered = 0;
  for (const item of store.outbox()) {
    let outcome: NonNullable<JobHistoryEntry['outcome']>;
    let reason: string;
    let credited = 0n;
    try {
      const answer = await client.submit(item.body);
      outcome = answer.outcome === 'accepted' ? 'verified' : answer.outcome;
      reason = answer.reason;
      credited = BigInt(answer.credited);
    } catch (error) {
      if (error instanceof NetworkUnavailableError) {
        store.noteOutboxAttempt(item.leaseId, error.message);
        throw error;
      }
      if (!(error instanceof CoordinatorRefusedError)) throw error;
      if (error.code === 'already-submitted') {
        // Sent before a crash, answered after it: the network's ledger says what came of it.
        await node.syncLedger();
        const entry = store.ledgerRows().find((row) => row.jobId === item.jobId);
        const credit = entry && (entry.state === 'verified' || entry.state === 'paid');
        outcome = credit ? 'verified' : entry?.state === 'pending' ? 'waiting' : 'rejected';
        reason =
          credit || entry?.state === 'pending'
            ? 'delivered before a restart'
            : 'delivered before a restart; not credited';
        credited = credit ? BigInt(entry.amount) : 0n;
      } else {
        outcome = 'rejected';
        reason = error.message;
      }
    }
    store.settleOutbox(item.leaseId, outcome, reason, credited, Date.now());
    delivered++;
    const job = store.historyOf(item.leaseId);
    if (job) node.emit({ type: 'job', job });
    if (outcome === 'rejected') node.log(`result for job ${item.jobId} refused: ${reason}`);
  }
  if (delivered) {
    await node.syncLedger();
    node.publish();
  }
  return delivered;
}
