// What the chain says of a transaction sent by the coordinator (a payout, a vault, a stake release)
// or by the wallet (a stake, a withdraw, a transfer),
// read one way everywhere. Only a confirmed or finalized status is an outcome: a 'processed' one sits
// in a block that a fork may still drop, so a payout recorded paid on it might never arrive, and one
// recorded failed could be signed again and paid twice. The local chain reports every landed
// transaction finalized; a cluster passes through 'processed' first.
import type { Connection, SignatureStatus, TransactionError } from '@solana/web3.js';

export interface SentStatus {
  /** Confirmed by a supermajority (or rooted): the outcome stands. */
  confirmed: boolean;
  err: TransactionError | null;
}

export function isConfirmed(status: SignatureStatus): boolean {
  if (status.confirmationStatus) return status.confirmationStatus !== 'processed';
  return status.confirmations === null; // no level given: null confirmations means rooted
}

/** The transaction's status, or null when the chain has not seen it. */
export async function signatureStatus(connection: Connection, signature: string): Promise<SentStatus | null> {
  const { value } = await connection.getSignatureStatuses([signature], { searchTransactionHistory: true });
  const status = value[0];
  return status ? { confirmed: isConfirmed(status), err: status.err } : null;
}

/** Polls until the transaction is confirmed (its status) or the time is up (null). */
export async function awaitConfirmed(
  connection: Connection,
  signature: string,
  timeoutMs: number,
): Promise<SentStatus | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await signatureStatus(connection, signature).catch(() => null);
    if (status?.confirmed) return status;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
