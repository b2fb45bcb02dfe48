// The wallet's durable memory: its public state (kind, address, origin, auto-claim), and a journal of
// every operation that moves IO, written before the step that could move it. Its own SQLite file,
// <dataDir>/wallet/wallet.sqlite (WAL, synchronous=FULL via common/node/sqlite.ts), beside the
// keystore: one folder holds everything of the wallet, and the node store's migrations stay the
// node's. A row committed here survives kill -9 and power loss; docs/wallet.md says how each is
// settled at start.
import { join } from 'node:path';
import type { SigningRequest, WalletKind } from '../../common/wallet-api.js';
import { openMigratedDatabase, type Db, type Migration } from '../../common/node/sqlite.js';
import type { SigningIntent } from './signer-policy.js';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'wallet state and journal',
    sql: `
CREATE TABLE wallet (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kind TEXT NOT NULL CHECK (kind IN ('none','in-app','browser','watch-only')),
  address TEXT,
  origin TEXT,
  auto_claim INTEGER NOT NULL DEFAULT 0,
  auto_claim_threshold TEXT NOT NULL DEFAULT '0'
);
INSERT INTO wallet (id, kind) VALUES (1, 'none');
-- A signing request from prepare to its outcome. wire, signature and last_valid_block_height are set
-- in the same commit that moves it to 'sent', before the bytes are sent.
CREATE TABLE signing (
  request_id TEXT PRIMARY KEY,
  intent TEXT NOT NULL,
  request TEXT NOT NULL,
  message TEXT NOT NULL,
  signatures TEXT NOT NULL,
  state TEXT NOT NULL,
  signature TEXT,
  wire TEXT,
  last_valid_block_height INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- A claim id is made and kept here before the coordinator hears it; asked again until it settles.
CREATE TABLE claims (
  claim_id TEXT PRIMARY KEY,
  wallet TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('asking','sending','paid','failed')),
  payout_id TEXT,
  amount TEXT,
  signature TEXT,
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE unstakes (
  request_id TEXT PRIMARY KEY,
  amount TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('asking','done')),
  created_at INTEGER NOT NULL
);`,
  },
];

export interface WalletRow {
  kind: WalletKind;
  address: string | null;
  origin: string | null;
  autoClaim: { enabled: boolean; threshold: string };
}

export interface SigningRow {
  requestId: string;
  intent: SigningIntent;
  /** The owner's view; its state, signature and reason are the row's. */
  request: SigningRequest;
  /** The exact message bytes the policy checked and the signer signs. */
  message: Uint8Array;
  /** Signatures already on the transaction (the network's, for a release), by signer position. */
  signatures: (string | null)[];
  wire: Uint8Array | null;
  lastValidBlockHeight: number;
}

export interface ClaimRow {
  claimId: string;
  wallet: string;
  state: 'asking' | 'sending' | 'paid' | 'failed';
  payoutId: string | null;
  amount: string | null;
  signature: string | null;
  reason: string;
  createdAt: number;
}

type Raw = Record<string, unknown>;

export class WalletJournal {
  readonly db: Db;

  constructor(dataDir: string) {
    this.db = openMigratedDatabase(join(dataDir, 'wallet', 'wallet.sqlite'), MIGRATIONS);
  }

  close(): void {
    this.db.close();
  }

  wallet(): WalletRow {
    const r = this.db.prepare('SELECT * FROM wallet WHERE id = 1').get() as Raw;
    return {
      kind: r.kind as WalletKind,
      address: r.address as string | null,
      origin: r.origin as string | null,
      autoClaim: { enabled: r.auto_claim === 1, threshold: r.auto_claim_threshold as string },
    };
  }

  setWallet(kind: WalletKind, address: string | null, origin: string | null): void {
    this.db
      .prepare('UPDATE wallet SET kind = ?, address = ?, origin = ? WHERE id = 1')
      .run(kind, address, origin);
  }

  setAutoClaim(enabled: boolean, threshold: bigint): void {
    this.db
      .prepare('UPDATE wallet SET auto_claim = ?, auto_claim_threshold = ? WHERE id = 1')
      .run(enabled ? 1 : 0, String(threshold));
  }

  addSigning(row: SigningRow, now: number): void {
    this.db
      .prepare(
        `INSERT INTO signing (request_id, intent, request, message, signatures, state, last_valid_block_height,
          reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.requestId,
        JSON.stringify(row.intent),
        JSON.stringify(row.request),
        Buffer.from(row.message).toString('base64'),
        JSON.stringify(row.signatures),
        row.request.state,
        row.lastValidBlockHeight,
        row.request.reason,
        now,
        now,
      );
  }

  signing(requestId: string): SigningRow | null {
    const r = this.db.prepare('SELECT * FROM signing WHERE request_id = ?').get(requestId) as Raw | undefined;
    return r ? signingOf(r) : null;
  }

  /** Requests in these states, oldest first. */
  signingIn(states: SigningRequest['state'][]): SigningRow[] {
    const marks = states.map(() => '?').join(',');
    const rows = this.db
      .prepare(`SELECT * FROM signing WHERE state IN (${marks}) ORDER BY created_at`)
      .all(...states) as Raw[];
    return rows.map(signingOf);
  }

  setSigningState(
    requestId: string,
    state: SigningRequest['state'],
    reason: string,
    now: number,
    sent?: { signature: string; wire: Uint8Array; lastValidBlockHeight: number },
  ): void {
    if (sent)
      this.db
        .prepare(
          `UPDATE signing SET state = ?, reason = ?, updated_at = ?, signature = ?, wire = ?,
            last_valid_block_height = ? WHERE request_id = ?`,
        )
        .run(
          state,
          reason,
          now,
          sent.signature,
          Buffer.from(sent.wire).toString('base64'),
          sent.lastValidBlockHeight,
          requestId,
        );
    else
      this.db
        .prepare('UPDATE signing SET state = ?, reason = ?, updated_at = ? WHERE request_id = ?')
        .run(state, reason, now, requestId);
  }

  addClaim(claimId: string, wallet: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO claims (claim_id, wallet, state, created_at, updated_at) VALUES (?, ?, 'asking', ?, ?)`,
      )
      .run(claimId, wallet, now, now);
  }

  updateClaim(
    claimId: string,
    c: Pick<ClaimRow, 'state' | 'payoutId' | 'amount' | 'signature' | 'reason'>,
    now: number,
  ): void {
    this.db
      .prepare(
        `UPDATE claims SET state = ?, payout_id = ?, amount = ?, signature = ?, reason = ?, updated_at = ?
          WHERE claim_id = ?`,
      )
      .run(c.state, c.payoutId, c.amount, c.signature, c.reason, now, claimId);
  }

  /** Claims not settled yet (asking: the coordinator may not have heard it; sending: not on chain yet). */
  openClaims(): ClaimRow[] {
    const rows = this.db
      .prepare(`SELECT * FROM claims WHERE state IN ('asking','sending') ORDER BY created_at`)
      .all() as Raw[];
    return rows.map((r) => ({
      claimId: r.claim_id as string,
      wallet: r.wallet as string,
      state: r.state as ClaimRow['state'],
      payoutId: r.payout_id as string | null,
      amount: r.amount as string | null,
      signature: r.signature as string | null,
      reason: r.reason as string,
      createdAt: r.created_at as number,
    }));
  }

  addUnstake(requestId: string, amount: bigint, now: number): void {
    this.db
      .prepare(`INSERT INTO unstakes (request_id, amount, state, created_at) VALUES (?, ?, 'asking', ?)`)
      .run(requestId, String(amount), now);
  }

  unstakeDone(requestId: string): void {
    this.db.prepare(`UPDATE unstakes SET state = 'done' WHERE request_id = ?`).run(requestId);
  }

  openUnstakes(): { requestId: string; amount: bigint }[] {
    const rows = this.db
      .prepare(`SELECT request_id, amount FROM unstakes WHERE state = 'asking' ORDER BY created_at`)
      .all() as { request_id: string; amount: string }[];
    return rows.map((r) => ({ requestId: r.request_id, amount: BigInt(r.amount) }));
  }
}

function signingOf(r: Raw): SigningRow {
  const request = JSON.parse(r.request as string) as SigningRequest;
  return {
    requestId: r.request_id as string,
    intent: JSON.parse(r.intent as string) as SigningIntent,
    request: {
      ...request,
      state: r.state as SigningRequest['state'],
      signature: (r.signature as string | null) ?? null,
      reason: r.reason as string,
    },
    message: Buffer.from(r.message as string, 'base64'),
    signatures: JSON.parse(r.signatures as string) as (string | null)[],
    wire: r.wire ? Buffer.from(r.wire as string, 'base64') : null,
    lastValidBlockHeight: r.last_valid_block_height as number,
  };
}
