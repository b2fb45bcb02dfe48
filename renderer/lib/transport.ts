// What the UI needs from a transport, whichever it is: the contract's calls (typed as ProviderApi),
// a stream of validated events, the state of the connection, and the CSV export.
import type { DashboardEvent, ProviderApi } from '../../common/dashboard-api.js';

export type ConnectionStatus =
  /** Never connected yet. */
  | { kind: 'connecting' }
  | { kind: 'open' }
  /** Was connected (or tried); retries by itself at `retryAt`. */
  | { kind: 'lost'; attempt: number; retryAt: number; reason: string }
  /** No token, or the node refused it: only the printed URL helps. */
  | { kind: 'unauthorized'; reason: string };

export interface TransportListener {
  event(event: DashboardEvent): void;
  connection(status: ConnectionStatus): void;
}

export interface Transport {
  readonly kind: 'ipc' | 'http';
  readonly api: ProviderApi;
  /** Starts delivering events and connection changes; returns the unsubscribe function. */
  subscribe(listener: TransportListener): () => void;
  /** Skips the backoff wait after a lost connection. */
  reconnectNow(): void;
  /** Tells the transport a call could not reach the node (starts the reconnect cycle). */
  reportUnreachable(reason: string): void;
  /** Saves the earnings ledger as a CSV file. */
  downloadEarningsCsv(): Promise<void>;
}
