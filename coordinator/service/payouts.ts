// Payouts: a device claims its verified earnings and the treasury sends that much IO to the owner's
// wallet in one SPL transfer. Idempotent by the client's claim id, and at most once across crashes:
// the signed transaction and its signature are committed (state 'sending') before it is sent, and a
// 'sending' payout is resolved by asking the chain for that signature before anything is resent.
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import {
  Connection,
  PublicKey,
  SendTransactionError,
  Transaction,
  TransactionInstruction,
  type Keypair,
  type TransactionError,
} from '@solana/web3.js';
import bs58 from 'bs58';
import { randomUUID } from 'node:crypto';
import { formatIo, IO_DECIMALS } from '../../common/io-units.js';
import type { Payout, PayoutClaimRequest } from '../../common/network-api.js';
import { MEMO_PROGRAM_ID } from '../chain/io-token.js';
import { awaitConfirmed, signatureStatus } from '../../common/node/signature-status.js';
import type { CoordinatorParams } from '../params.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import { sql } from '../store/statements.js';
import { ApiError } from './api-error.js';

/** What the coordinator needs to pay: the chain, the IO mint and the treasury's owner (signs and pays fees). */
export interface PayoutChain {
  rpcUrl: string;
  ioMint: string;
  /** The treasury token account; defaults to the authority's associated IO account. */
  treasury?: string;
  authority: Keypair;
}

interface PayoutRow {
  id: string;
  device_id: string;
  claim_id: string;
  wallet: string;
  token_account: string;
  amount: string;
  state: 'sending' | 'paid' | 'failed';
  signature: string;
  tx_base64: string;
  blockhash: string;
  last_valid_height: number;
  reason: string;
  created_at: number;
  settled_at: number | null;
}

export interface PayoutServiceOptions {
  db: Db;
  commit: GroupCommit;
  params: CoordinatorParams;
  now: () => number;
  chain: PayoutChain | null;
  /** How long to wait for a sent transaction to show up on chain before answering 'sending'. */
  confirmTimeoutMs?: number;
}

export class PayoutService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly connection: Connection | null;

  constructor(private readonly o: PayoutServiceOptions) {
    this.connection = o.chain ? new Connection(o.chain.rpcUrl, 'confirmed') : null;
  }

  /** Claims the device's verified earnings (see the file comment); answers the payout. */
  claim(deviceId: string, body: PayoutClaimRequest): Promise<Payout> {
    return this.serial(async () => toPayout(await this.claimNow(deviceId, body)));
  }

  list(deviceId: string): Payout[] {
    const rows = sql(this.o.db, 'SELECT * FROM payouts WHERE device_id = ? ORDER BY created_at, id').all(
      deviceId,
    ) as PayoutRow[];
    return rows.map(toPayout);
  }

  /** Resolves once the payouts under way are done (stop() waits for it before closing the store). */
  drain(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** On start: settles payouts a crash or an unreachable chain left 'sending'. */
  resumeAll(): Promise<void> {
    return this.serial(async () => {
      if (!this.o.chain) return;
      const rows = sql(this.o.db, `SELECT * FROM payouts WHERE state = 'sending'`).all() as PayoutRow[];
      for (const row of rows) await this.settle(row);
    });
  }

  // One payout at a time: a claim reads, reserves and sends; two interleaved could reserve the same
  // entries or send one claim twice.
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private row(deviceId: string, claimId: string): PayoutRow | undefined {
    return sql(this.o.db, 'SELECT * FROM payouts WHERE device_id = ? AND claim_id = ?').get(
      deviceId,
      claimId,
    ) as PayoutRow | undefined;
  }

  private async claimNow(deviceId: string, body: PayoutClaimRequest): Promise<PayoutRow> {
    const existing = this.row(deviceId, body.claimId);
    if (existing) {
      if (existing.wallet !== body.wallet)
        throw new ApiError(
          409,
          'claim-id-reused',
          `claim ${body.claimId} was made for wallet ${existing.wallet}; use a new claimId for another wallet`,
        );
      return existing.state === 'sending' ? this.settle(existing) : existing;
    }
    const chain = this.o.chain;
    const connection = this.connection;
    if (!chain || !connection)
      throw new ApiError(503, 'payouts-unavailable', 'this coordinator has no chain to pay on');
    let owner: PublicKey;
    try {
      owner = new PublicKey(body.wallet);
    } catch {
      throw new ApiError(400, 'invalid-wallet', `wallet ${body.wallet} is not a Solana address`);
    }
    if (!PublicKey.isOnCurve(owner.toBytes()))
      throw new ApiError(
        400,
        'invalid-wallet',
        `wallet ${body.wallet} is off the ed25519 curve (a program address?); give the wallet's own address`,
      );
    const min = this.o.params.minPayout;
    const available = this.unreserved(deviceId);
    // Refuse before touching the chain; the check is repeated inside the commit, which is what counts.
    if (available === 0n || available < min) throw belowThreshold(available, min);
    let blockhash: string;
    let lastValidBlockHeight: number;
    try {
      ({ blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash());
    } catch (error) {
      throw new ApiError(
        503,
        'chain-unreachable',
        `the chain did not answer (${(error as Error).message}); nothing was sent, try again later`,
      );
    }
    const id = randomUUID();
    const tokenAccount = getAssociatedTokenAddressSync(new PublicKey(chain.ioMint), owner);
    const row = await this.o.commit.run(() => {
      const amount = this.unreserved(deviceId);
      if (amount === 0n || amount < min) throw belowThreshold(amount, min);
      const tx = this.transaction(id, owner, amount, blockhash);
      const created: PayoutRow = {
        id,
        device_id: deviceId,
        claim_id: body.claimId,
        wallet: body.wallet,
        token_account: tokenAccount.toBase58(),
        amount: String(amount),
        state: 'sending',
        signature: tx.signature,
        tx_base64: tx.base64,
        blockhash,
        last_valid_height: lastValidBlockHeight,
        reason: '',
        created_at: this.o.now(),
        settled_at: null,
      };
      sql(
        this.o.db,
        `INSERT INTO payouts (id, device_id, claim_id, wallet, token_account, amount, state, signature,
           tx_base64, blockhash, last_valid_height, reason, created_at, settled_at)
         VALUES (@id, @device_id, @claim_id, @wallet, @token_account, @amount, @state, @signature,
           @tx_base64, @blockhash, @last_valid_height, @reason, @created_at, @settled_at)`,
      ).run(created);
      sql(
        this.o.db,
        `UPDATE ledger SET payout_id = ? WHERE device_id = ? AND state = 'verified' AND payout_id IS NULL`,
      ).run(id, deviceId);
      return created;
    });
    return this.send(row);
  }

  /** Verified earnings not yet reserved by a payout. */
  private unreserved(deviceId: string): bigint {
    const rows = sql(
      this.o.db,
      `SELECT amount FROM ledger WHERE device_id = ? AND state = 'verified' AND payout_id IS NULL`,
    ).all(deviceId) as { amount: string }[];
    return rows.reduce((total, r) => total + BigInt(r.amount), 0n);
  }

  private transaction(id: string, owner: PublicKey, amount: bigint, blockhash: string) {
    const chain = this.o.chain!;
    const mint = new PublicKey(chain.ioMint);
    const payer = chain.authority.publicKey;
    const treasury = chain.treasury
      ? new PublicKey(chain.treasury)
      : getAssociatedTokenAddressSync(mint, payer);
    const destination = getAssociatedTokenAddressSync(mint, owner);
    const tx = new Transaction({ feePayer: payer, recentBlockhash: blockhash }).add(
      createAssociatedTokenAccountIdempotentInstruction(payer, destination, owner, mint),
      createTransferCheckedInstruction(treasury, mint, destination, payer, amount, IO_DECIMALS),
      new TransactionInstruction({
        programId: MEMO_PROGRAM_ID,
        keys: [],
        data: Buffer.from(`io-payout:${id}`),
      }),
    );
    tx.sign(chain.authority);
    return { signature: bs58.encode(tx.signature!), base64: tx.serialize().toString('base64') };
  }

  /**
   * A 'sending' payout: on chain already -> record the outcome; not there and the chain not yet past
   * its blockhash's last valid height -> send the same transaction again (it can land once at most);
   * not there and past that height -> it can never land, so sign a fresh one, record it, then send.
   */
  private async settle(row: PayoutRow): Promise<PayoutRow> {
    const connection = this.connection;
    if (!connection) return row;
    try {
      // Height first: past the last valid height the transaction can no longer land, so a status
      // read after it that finds nothing is final. Read the other way round, a transfer landing
      // between the two reads would look expired and be paid a second time.
      const height = await connection.getBlockHeight();
      const status = await this.status(row.signature);
      if (status?.confirmed) return this.finish(row, status.err);
      if (status) return this.pending(row, new Error('on chain, not confirmed yet'));
      if (height > row.last_valid_height) {
        const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
        const tx = this.transaction(row.id, new PublicKey(row.wallet), BigInt(row.amount), blockhash);
        row = await this.o.commit.run(() => {
          sql(
            this.o.db,
            `UPDATE payouts SET signature = ?, tx_base64 = ?, blockhash = ?, last_valid_height = ?
             WHERE id = ? AND state = 'sending'`,
          ).run(tx.signature, tx.base64, blockhash, lastValidBlockHeight, row.id);
          return sql(this.o.db, 'SELECT * FROM payouts WHERE id = ?').get(row.id) as PayoutRow;
        });
      }
    } catch (error) {
      return this.pending(row, error);
    }
    return this.send(row);
  }

  private status(signature: string) {
    return signatureStatus(this.connection!, signature);
  }

  private async send(row: PayoutRow): Promise<PayoutRow> {
    const connection = this.connection!;
    try {
      await connection.sendRawTransaction(Buffer.from(row.tx_base64, 'base64'), {
        skipPreflight: false,
        preflightCommitment: 'confirmed',
      });
    } catch (error) {
      // Already on chain (a resend after a crash)? Then that is the outcome. No answer: unknown.
      let landed;
      try {
        landed = await this.status(row.signature);
      } catch {
        return this.pending(row, error);
      }
      if (landed?.confirmed) return this.finish(row, landed.err);
      if (landed) return this.pending(row, new Error('on chain, not confirmed yet'));
      // The RPC refused it (preflight failed, bad blockhash...): it was not executed and never will
      // be, since its signature is not on chain. Except AlreadyProcessed: the chain holds this very
      // transaction, executed but not reported yet (the local chain while its log write is under way;
      // a cluster node that saw it first), so it is landing, and freeing its entries would pay them
      // twice. Anything else (no answer): still 'sending'.
      if (error instanceof SendTransactionError && !alreadyProcessed(error))
        return this.finish(row, error.message);
      return this.pending(row, error);
    }
    const status = await awaitConfirmed(connection, row.signature, this.o.confirmTimeoutMs ?? 30_000);
    return status ? this.finish(row, status.err) : this.pending(row, new Error('not confirmed yet'));
  }

  private pending(row: PayoutRow, error: unknown): PayoutRow {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ...row,
      reason: `sent or about to be sent, not confirmed on chain yet (${why}); ask again with the same claimId`,
    };
  }

  /** Records the chain's verdict: paid (entries become 'paid') or failed (entries freed again). */
  private finish(row: PayoutRow, err: TransactionError | string | null): Promise<PayoutRow> {
    return this.o.commit.run(() => {
      const at = this.o.now();
      if (err === null) {
        sql(
          this.o.db,
          `UPDATE payouts SET state = 'paid', reason = '', settled_at = ? WHERE id = ? AND state = 'sending'`,
        ).run(at, row.id);
        sql(this.o.db, `UPDATE ledger SET state = 'paid' WHERE payout_id = ? AND state = 'verified'`).run(
          row.id,
        );
      } else {
        const reason = `the transfer failed: ${typeof err === 'string' ? err : JSON.stringify(err)}; the earnings are claimable again with a new claimId`;
        sql(
          this.o.db,
          `UPDATE payouts SET state = 'failed', reason = ?, settled_at = ? WHERE id = ? AND state = 'sending'`,
        ).run(reason, at, row.id);
        sql(this.o.db, `UPDATE ledger SET payout_id = NULL WHERE payout_id = ? AND state = 'verified'`).run(
          row.id,
        );
      }
      return sql(this.o.db, 'SELECT * FROM payouts WHERE id = ?').get(row.id) as PayoutRow;
    });
  }
}

/** The refusal of a duplicate: LiteSVM's error name (the local chain) or Agave's wording. */
function alreadyProcessed(error: SendTransactionError): boolean {
  return /AlreadyProcessed|already been processed/i.test(error.message);
}

function belowThreshold(amount: bigint, min: bigint): ApiError {
  if (amount === 0n)
    return new ApiError(
      400,
      'below-threshold',
      `no verified earnings to claim (payout minimum ${formatIo(min)})`,
    );
  return new ApiError(
    400,
    'below-threshold',
    `verified earnings of ${formatIo(amount)} (${amount} base units) are below the payout minimum of ${formatIo(min)} (${min} base units); claim again once they reach it`,
  );
}

function toPayout(row: PayoutRow): Payout {
  return {
    payoutId: row.id,
    claimId: row.claim_id,
    wallet: row.wallet,
    tokenAccount: row.token_account,
    amount: row.amount,
    state: row.state,
    signature: row.signature,
    reason: row.reason,
    createdAt: new Date(row.created_at).toISOString(),
    settledAt: row.settled_at === null ? null : new Date(row.settled_at).toISOString(),
  };
}
