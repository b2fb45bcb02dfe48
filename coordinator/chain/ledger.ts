// The bank: LiteSVM plus what a cluster adds around it. Slots follow the wall clock (one per slotMs
// since genesis) so they keep counting across restarts; each slot's blockhash is derived from the
// genesis hash, so a blockhash handed out before a restart stays valid for its 150 slots after it.
// LiteSVM's own blockhash check is off: it accepts only its single latest hash.
import { getBase58Decoder, type Address, type Signature } from '@solana/kit';
import { Clock, FailedTransactionMetadata, type LiteSVM } from 'litesvm';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ChainStore, LogEntry, Snapshot } from './chain-store.js';
import {
  INTERNAL_ERROR,
  RpcError,
  SEND_TX_PREFLIGHT_FAILURE,
  TX_SIGNATURE_VERIFICATION_FAILURE,
} from './rpc-params.js';
import {
  ALREADY_PROCESSED,
  BLOCKHASH_NOT_FOUND,
  describeTxError,
  simulationFailure,
  toRpcTxError,
  type RpcTxError,
} from './svm-errors.js';
import { parseMint } from './token-accounts.js';
import { buildRecord, captureBalances, decodeWire, type DecodedTx, type TxRecord } from './tx-record.js';

/** Agave's MAX_PROCESSING_AGE: a blockhash is accepted for this many slots after its own. */
export const MAX_BLOCKHASH_AGE = 150;
export const SLOTS_PER_EPOCH = 432_000;
/**
 * Recent transactions kept for getTransaction / getSignatureStatuses / getSignaturesForAddress. Each
 * snapshot rewrites them all (about 2 KB apiece), so this bounds the snapshot's cost too.
 */
export const RECENT_TRANSACTIONS = 5_000;

export interface SnapshotHeader {
  records: TxRecord[];
}

export interface LedgerEvents {
  committed: [TxRecord];
  slot: [number];
}

export interface LedgerOptions {
  svm: LiteSVM;
  store: ChainStore<SnapshotHeader>;
  genesisHash: string;
  genesisTimeMs: number;
  slotMs: number;
  now: () => number;
}

const base58 = getBase58Decoder();

export class Ledger {
  readonly svm: LiteSVM;
  readonly events = new EventEmitter<LedgerEvents>();
  private readonly records = new Map<string, TxRecord>();
  // Executed, waiting for the log write: in the bank (and so in any snapshot taken meanwhile), not yet reported.
  private readonly inFlight = new Map<string, TxRecord>();
  private readonly hashes = new Map<string, number>();
  private readonly slotHashes = new Map<number, string>();
  private readonly decimals = new Map<string, number>();
  private seq = 0;
  private currentSlot = -1;

  constructor(private readonly options: LedgerOptions) {
    this.svm = options.svm;
    this.advance();
  }

  get slot(): number {
    this.advance();
    return this.currentSlot;
  }

  get genesisHash(): string {
    return this.options.genesisHash;
  }

  get transactionCount(): number {
    return this.seq;
  }

  blockhash(): { blockhash: string; lastValidBlockHeight: number } {
    const slot = this.slot;
    return { blockhash: this.hashFor(slot), lastValidBlockHeight: slot + MAX_BLOCKHASH_AGE };
  }

  isBlockhashValid(hash: string): boolean {
    this.advance();
    return this.hashes.has(hash);
  }

  /** Moves the clock to the wall-clock slot; the ticker calls it so slot subscribers hear each slot. */
  advance(): void {
    const { now, genesisTimeMs, slotMs } = this.options;
    const slot = Math.max(this.currentSlot, Math.floor((now() - genesisTimeMs) / slotMs));
    if (slot === this.currentSlot) return;
    for (let s = Math.max(this.currentSlot + 1, slot - MAX_BLOCKHASH_AGE); s <= slot; s += 1) {
      const hash = createHash('sha256').update(`${this.options.genesisHash}:${s}`).digest();
      const text = base58.decode(hash);
      this.hashes.set(text, s);
      this.slotHashes.set(s, text);
    }
    for (const [s, hash] of this.slotHashes) {
      if (s >= slot - MAX_BLOCKHASH_AGE) break;
      this.slotHashes.delete(s);
      this.hashes.delete(hash);
    }
    this.currentSlot = slot;
    this.setClock(slot, now());
    this.events.emit('slot', slot);
  }

  private hashFor(slot: number): string {
    const hash = this.slotHashes.get(slot);
    if (hash === undefined) throw new Error(`no blockhash for slot ${slot} (outside the recent window)`);
    return hash;
  }

  private setClock(slot: number, timeMs: number): void {
    const epoch = BigInt(Math.floor(slot / SLOTS_PER_EPOCH));
    const genesisSeconds = BigInt(Math.floor(this.options.genesisTimeMs / 1000));
    this.svm.setClock(
      new Clock(BigInt(slot), genesisSeconds, epoch, epoch + 1n, BigInt(Math.floor(timeMs / 1000))),
    );
  }

  /** A mint's decimals (immutable once initialised, so cached); null when the address is no mint. */
  readonly decimalsOf = (mint: string): number | null => {
    const cached = this.decimals.get(mint);
    if (cached !== undefined) return cached;
    const account = this.svm.getAccount(mint as Address);
    const parsed = account.exists ? parseMint(account.programAddress, account.data) : null;
    if (parsed) this.decimals.set(mint, parsed.decimals);
    return parsed?.decimals ?? null;
  };

  getRecord(signature: string): TxRecord | undefined {
    return this.records.get(signature);
  }

  /** Newest first. */
  recentRecords(): TxRecord[] {
    return [...this.records.values()].reverse();
  }

  /**
   * Checks, executes and durably logs a transaction; resolves with its record once it is on disk.
   * With preflight, a transaction that would fail is refused without being committed (no fee taken).
   */
  async submit(wire: Uint8Array, options: { skipPreflight: boolean }): Promise<TxRecord> {
    const decoded = decodeWire(wire);
    if (this.records.has(decoded.signature) || this.inFlight.has(decoded.signature)) {
      throw this.refusal(ALREADY_PROCESSED);
    }
    if (!this.isBlockhashValid(decoded.message.lifetimeToken)) throw this.refusal(BLOCKHASH_NOT_FOUND);
    if (Object.values(decoded.tx.signatures).some((sig) => sig === null)) {
      throw new RpcError(TX_SIGNATURE_VERIFICATION_FAILURE, 'Transaction signature verification failure');
    }
    if (this.options.store.failure) {
      // The bank may hold a transaction the disk does not; accepting more would widen the gap.
      throw new RpcError(
        INTERNAL_ERROR,
        `transaction log failed, restart the chain: ${this.options.store.failure.message}`,
      );
    }
    if (!options.skipPreflight) {
      const simulated = this.svm.simulateTransaction(decoded.tx);
      if (simulated instanceof FailedTransactionMetadata) {
        throw this.refusal(toRpcTxError(simulated.err()), simulated.meta().logs());
      }
    }
    const slot = this.slot;
    const timeMs = this.options.now();
    const record = this.execute(decoded, wire, slot, timeMs);
    const entry: LogEntry = { seq: ++this.seq, slot, timeMs, wire };
    this.inFlight.set(record.signature, record);
    try {
      await this.options.store.append(entry);
    } catch (error) {
      throw new RpcError(INTERNAL_ERROR, `transaction log write failed: ${(error as Error).message}`);
    } finally {
      this.inFlight.delete(record.signature);
    }
    this.remember(record);
    this.events.emit('committed', record);
    return record;
  }

  private refusal(err: RpcTxError, logs: string[] = []): RpcError {
    const code = err === 'SignatureFailure' ? TX_SIGNATURE_VERIFICATION_FAILURE : SEND_TX_PREFLIGHT_FAILURE;
    return new RpcError(
      code,
      `Transaction simulation failed: ${describeTxError(err)}`,
      simulationFailure(err, logs),
    );
  }

  /** Runs the transaction; throws (committing nothing) when LiteSVM did not commit it. */
  private execute(decoded: DecodedTx, wire: Uint8Array, slot: number, timeMs: number): TxRecord {
    const pre = captureBalances(this.svm, decoded.message, this.decimalsOf);
    const result = this.svm.sendTransaction(decoded.tx);
    const failed = result instanceof FailedTransactionMetadata;
    const err = failed ? toRpcTxError(result.err()) : null;
    // A transaction that fails before execution (bad signature, no fee, duplicate) changes nothing and
    // stays out of LiteSVM's history; one that fails in execution is committed and pays its fee.
    if (
      failed &&
      (err === ALREADY_PROCESSED || this.svm.getTransaction(decoded.signature as Signature) === null)
    ) {
      throw this.refusal(err ?? 'UnknownError', result.meta().logs());
    }
    const meta = failed ? result.meta() : result;
    const post = captureBalances(this.svm, decoded.message, this.decimalsOf);
    return buildRecord({ decoded, wire, slot, timeMs, meta, err, pre, post });
  }

  private remember(record: TxRecord): void {
    this.records.set(record.signature, record);
    if (this.records.size > RECENT_TRANSACTIONS) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }

  /** Re-executes logged transactions at their original slot and time, without the admission checks. */
  replay(entries: LogEntry[]): void {
    for (const entry of entries) {
      this.setClock(entry.slot, entry.timeMs);
      const decoded = decodeWire(entry.wire);
      try {
        this.remember(this.execute(decoded, entry.wire, entry.slot, entry.timeMs));
      } catch (error) {
        // Only possible if the log and snapshot disagree; the transaction changed nothing this time.
        process.emitWarning(`local chain: replay of ${decoded.signature} not committed: ${String(error)}`);
      }
      this.seq = entry.seq;
    }
    this.setClock(this.currentSlot, this.options.now());
  }

  restore(snapshot: Snapshot<SnapshotHeader>): void {
    this.seq = snapshot.seq;
    for (const record of snapshot.header.records) this.remember(record);
  }

  /** The bank as of the latest executed transaction, with the records of every transaction in it. */
  takeSnapshot(): Snapshot<SnapshotHeader> {
    const records = [...this.records.values(), ...this.inFlight.values()];
    return { seq: this.seq, header: { records }, state: this.svm.toBytes() };
  }
}
