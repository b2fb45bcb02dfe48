// Unstake requests and their release. A request stops counting as stake at once and is releasable
// after the cooldown; then the network signs the vault -> wallet transfer (fee payer + second
// multisig signer), records it as 'releasing' before handing it out, and the wallet adds its
// signature and sends it. The network never signs a second transfer for a request while the first can
// still land: it checks the chain first, and signs anew only after the first's blockhash expired.
import { PublicKey, type Connection } from '@solana/web3.js';
import { randomUUID } from 'node:crypto';
import { formatIo } from '../../common/io-units.js';
import type { ReleaseRequest, ReleaseResponse, Unstake, UnstakeRequest } from '../../common/staking-api.js';
import { signatureStatus } from '../../common/node/signature-status.js';
import { ApiError } from '../service/api-error.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import { sql } from '../store/statements.js';
import type { StakingParams } from './params.js';
import { chainCall, staked, toUnstake, type UnstakeRow, type VaultRow } from './rows.js';
import { releaseTransaction, type StakingChain } from './staking-chain.js';

export interface ReleasesOptions {
  db: Db;
  commit: GroupCommit;
  params: StakingParams;
  now: () => number;
  chain: StakingChain;
  connection: Connection;
  /** The device's vault, on chain (409 no-vault / 503 otherwise). */
  vault(deviceId: string): Promise<VaultRow>;
  pendingOf(deviceId: string): bigint;
  /** The vault's balance read now (503 when the chain does not answer). */
  balanceOf(vault: string): Promise<bigint>;
  /** Called inside the commit that records a release, before it lands on disk. */
  onReleased(vault: string): void;
}

const minutesLeft = (ms: number) =>
  ms >= 3600_000 ? `${(ms / 3600_000).toFixed(1)} h` : `${Math.ceil(ms / 60_000)} min`;

/** Every method here runs inside the staking service's queue: nothing interleaves with it. */
export class Releases {
  constructor(private readonly o: ReleasesOptions) {}

  list(deviceId: string): Unstake[] {
    const rows = sql(
      this.o.db,
      'SELECT * FROM stake_unstakes WHERE device_id = ? ORDER BY requested_at, id',
    ).all(deviceId) as UnstakeRow[];
    return rows.map((row) => toUnstake(row, this.o.now()));
  }

  hasReleasing(deviceId: string): boolean {
    return (
      sql(this.o.db, `SELECT 1 FROM stake_unstakes WHERE device_id = ? AND state = 'releasing'`).get(
        deviceId,
      ) !== undefined
    );
  }

  async unstake(deviceId: string, body: UnstakeRequest): Promise<Unstake> {
    const amount = BigInt(body.amount);
    const existing = this.row(deviceId, body.requestId);
    if (existing) {
      if (BigInt(existing.amount) !== amount)
        throw new ApiError(
          409,
          'request-id-reused',
          `unstake ${body.requestId} was made for ${existing.amount} base units; use a new requestId for another amount`,
        );
      return toUnstake(existing, this.o.now());
    }
    const vault = await this.o.vault(deviceId);
    const pending = this.o.pendingOf(deviceId);
    const stake = staked(await this.o.balanceOf(vault.vault), pending);
    if (amount > stake)
      throw new ApiError(
        409,
        'insufficient-stake',
        `cannot unstake ${formatIo(amount)} (${amount} base units): the stake is ${formatIo(stake)} (${stake} base units)` +
          (pending ? `, with ${formatIo(pending)} already unstaking` : ''),
      );
    const now = this.o.now();
    const row: UnstakeRow = {
      id: randomUUID(),
      device_id: deviceId,
      request_id: body.requestId,
      amount: String(amount),
      state: 'cooldown',
      requested_at: now,
      release_at: now + this.o.params.unstakeCooldownMs,
      signature: null,
      tx_base64: null,
      last_valid_height: null,
      reason: '',
      released_at: null,
    };
    await this.o.commit.run(() =>
      sql(
        this.o.db,
        `INSERT INTO stake_unstakes (id, device_id, request_id, amount, state, requested_at, release_at,
           signature, tx_base64, last_valid_height, reason, released_at)
         VALUES (@id, @device_id, @request_id, @amount, @state, @requested_at, @release_at,
           @signature, @tx_base64, @last_valid_height, @reason, @released_at)`,
      ).run(row),
    );
    return toUnstake(row, now);
  }

  async release(deviceId: string, body: ReleaseRequest): Promise<ReleaseResponse> {
    let row = this.row(deviceId, body.requestId);
    if (!row)
      throw new ApiError(404, 'unknown-request', `no unstake request ${body.requestId} for this device`);
    const vault = await this.o.vault(deviceId);
    if (row.state === 'releasing') row = await this.settle(row, vault);
    const now = this.o.now();
    if (row.state === 'released')
      return { unstake: toUnstake(row, now), transaction: null, lastValidBlockHeight: null };
    if (now < row.release_at)
      throw new ApiError(
        409,
        'cooldown',
        `the cooldown ends at ${new Date(row.release_at).toISOString()} (${minutesLeft(row.release_at - now)} left); the network co-signs the release only then`,
      );
    if (row.state === 'releasing') return this.answer(row);
    const chain = this.o.chain;
    // A vault made under another staking key cannot be released with this one (key rotation).
    if (vault.cosigner !== chain.cosigner.publicKey.toBase58())
      throw new ApiError(503, 'staking-unavailable', `vault ${vault.vault} needs cosigner ${vault.cosigner}`);
    const { blockhash, lastValidBlockHeight } = await chainCall(() => this.o.connection.getLatestBlockhash());
    const tx = releaseTransaction(chain, {
      wallet: new PublicKey(vault.wallet),
      multisig: new PublicKey(vault.multisig),
      vault: new PublicKey(vault.vault),
      amount: BigInt(row.amount),
      memo: `io-unstake:${row.request_id}`, // the client's id: the wallet checks the memo against it
      blockhash,
    });
    const id = row.id;
    // Recorded before it is handed out: a crash after this still knows what it must look for on chain.
    row = await this.o.commit.run(() => {
      sql(
        this.o.db,
        `UPDATE stake_unstakes SET state = 'releasing', signature = ?, tx_base64 = ?, last_valid_height = ?,
           reason = '' WHERE id = ? AND state = 'cooldown'`,
      ).run(tx.signature, tx.base64, lastValidBlockHeight, id);
      return this.byId(id);
    });
    return this.answer(row);
  }

  /** Settles the device's releases under way (GET /v1/stake, and after a heartbeat saw one). */
  async settleDevice(deviceId: string): Promise<void> {
    const rows = sql(
      this.o.db,
      `SELECT * FROM stake_unstakes WHERE device_id = ? AND state = 'releasing'`,
    ).all(deviceId) as UnstakeRow[];
    if (!rows.length) return;
    const vault = await this.o.vault(deviceId);
    for (const row of rows) await this.settle(row, vault);
  }

  /** On start: every release a crash or a silent wallet left 'releasing'. */
  async settleAll(): Promise<void> {
    const devices = sql(
      this.o.db,
      `SELECT DISTINCT device_id FROM stake_unstakes WHERE state = 'releasing'`,
    ).all() as {
      device_id: string;
    }[];
    for (const { device_id } of devices) await this.settleDevice(device_id).catch(() => undefined);
  }

  private answer(row: UnstakeRow): ReleaseResponse {
    return {
      unstake: toUnstake(row, this.o.now()),
      transaction: row.tx_base64,
      lastValidBlockHeight: row.last_valid_height,
    };
  }

  /**
   * A 'releasing' request: its transaction confirmed on chain -> released (or, failed there,
   * releasable again); seen but not confirmed yet, or not there while it can still land -> unchanged;
   * not there and never able to land -> releasable again. The block height is read before the
   * status: read after, a transaction landing between the two reads would be taken for expired, and
   * a second release signed.
   */
  private async settle(row: UnstakeRow, vault: VaultRow): Promise<UnstakeRow> {
    const connection = this.o.connection;
    const height = await chainCall(() => connection.getBlockHeight());
    const status = await chainCall(() => signatureStatus(connection, row.signature!));
    if (status && !status.confirmed) return row; // landed on a block a fork may still drop: wait
    let reason: string;
    if (status?.err === null) reason = '';
    else if (status) reason = `the release transaction failed on chain (${JSON.stringify(status.err)})`;
    else if (height > row.last_valid_height!) reason = 'the release transaction expired before it was sent';
    else return row;
    return this.o.commit.run(() => {
      if (status?.err === null) {
        sql(
          this.o.db,
          `UPDATE stake_unstakes SET state = 'released', reason = '', released_at = ? WHERE id = ? AND state = 'releasing'`,
        ).run(this.o.now(), row.id);
        this.o.onReleased(vault.vault);
      } else
        sql(
          this.o.db,
          `UPDATE stake_unstakes SET state = 'cooldown', reason = ?, signature = NULL, tx_base64 = NULL,
             last_valid_height = NULL WHERE id = ? AND state = 'releasing'`,
        ).run(`${reason}; ask POST /v1/stake/release again for a new one`, row.id);
      return this.byId(row.id);
    });
  }

  private row(deviceId: string, requestId: string): UnstakeRow | undefined {
    return sql(this.o.db, 'SELECT * FROM stake_unstakes WHERE device_id = ? AND request_id = ?').get(
      deviceId,
      requestId,
    ) as UnstakeRow | undefined;
  }

  private byId(id: string): UnstakeRow {
    return sql(this.o.db, 'SELECT * FROM stake_unstakes WHERE id = ?').get(id) as UnstakeRow;
  }
}
