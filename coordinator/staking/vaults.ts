// Per-device vaults: recorded (with the wallet, fixed from then on) before the creating transaction
// is sent, then made on chain. Creation is one atomic transaction at an address only the network's
// cosigner can create, so "is the multisig there?" tells whether it landed; sending it again after a
// crash is harmless (it fails, the account being there) and nothing is recorded twice.
import { MULTISIG_SIZE } from '@solana/spl-token';
import { PublicKey, type Connection } from '@solana/web3.js';
import { awaitConfirmed } from '../../common/node/signature-status.js';
import { ApiError } from '../service/api-error.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import { sql } from '../store/statements.js';
import { chainCall, type VaultRow } from './rows.js';
import { createVaultTransaction, isVaultMultisig, vaultKeys, type StakingChain } from './staking-chain.js';

export interface VaultsOptions {
  db: Db;
  commit: GroupCommit;
  now: () => number;
  chain: StakingChain;
  connection: Connection;
  confirmTimeoutMs: number;
}

export class Vaults {
  constructor(private readonly o: VaultsOptions) {}

  get(deviceId: string): VaultRow | undefined {
    return sql(this.o.db, 'SELECT * FROM stake_vaults WHERE device_id = ?').get(deviceId) as
      VaultRow | undefined;
  }

  ready(): VaultRow[] {
    return sql(this.o.db, `SELECT * FROM stake_vaults WHERE state = 'ready'`).all() as VaultRow[];
  }

  /** The device's vault, on chain: 409 no-vault without one, 503 while it cannot be made. */
  async require(deviceId: string): Promise<VaultRow> {
    const vault = this.get(deviceId);
    if (!vault)
      throw new ApiError(409, 'no-vault', 'this device has no staking vault: POST /v1/stake/vault first');
    return this.ensure(vault);
  }

  /** Records the device's vault for `wallet` (once: another wallet later is a 409), then makes it. */
  async open(deviceId: string, wallet: string): Promise<VaultRow> {
    const existing = this.get(deviceId);
    if (existing && existing.wallet !== wallet)
      throw new ApiError(
        409,
        'wallet-fixed',
        `this device's vault belongs to wallet ${existing.wallet}; stake is released only there, so it cannot change`,
      );
    if (existing) return this.ensure(existing);
    const keys = await vaultKeys(this.o.chain, deviceId);
    const row: VaultRow = {
      device_id: deviceId,
      wallet: ownerAddress(wallet).toBase58(),
      cosigner: this.o.chain.cosigner.publicKey.toBase58(),
      multisig: keys.multisig.toBase58(),
      seed: keys.seed,
      vault: keys.vault.toBase58(),
      state: 'creating',
      created_at: this.o.now(),
    };
    await this.o.commit.run(() =>
      sql(
        this.o.db,
        `INSERT INTO stake_vaults (device_id, wallet, cosigner, multisig, seed, vault, state, created_at)
         VALUES (@device_id, @wallet, @cosigner, @multisig, @seed, @vault, @state, @created_at)`,
      ).run(row),
    );
    return this.ensure(row);
  }

  /** On start: finishes the vaults a crash left 'creating'. */
  async resume(): Promise<void> {
    const rows = sql(this.o.db, `SELECT * FROM stake_vaults WHERE state = 'creating'`).all() as VaultRow[];
    for (const row of rows) await this.ensure(row).catch(() => undefined);
  }

  /** A 'creating' vault: on chain already (a crash after sending) -> ready; else create it now. */
  async ensure(vault: VaultRow): Promise<VaultRow> {
    if (vault.state === 'ready') return vault;
    const { chain, connection } = this.o;
    const wallet = new PublicKey(vault.wallet);
    const multisig = new PublicKey(vault.multisig);
    let info = await chainCall(() => connection.getAccountInfo(multisig));
    if (!info) {
      let why: string;
      try {
        const rent = await connection.getMinimumBalanceForRentExemption(MULTISIG_SIZE);
        const { blockhash } = await connection.getLatestBlockhash();
        const keys = { seed: vault.seed, multisig, vault: new PublicKey(vault.vault) };
        const tx = createVaultTransaction(chain, wallet, keys, rent, blockhash);
        const signature = await connection.sendRawTransaction(tx.serialize());
        const status = await awaitConfirmed(connection, signature, this.o.confirmTimeoutMs);
        why = status ? `transaction error ${JSON.stringify(status.err)}` : 'not confirmed yet';
      } catch (error) {
        why = (error as Error).message; // an earlier send may have landed meanwhile: look again
      }
      info = await chainCall(() => connection.getAccountInfo(multisig));
      if (!info)
        throw new ApiError(503, 'chain-unreachable', `the vault is not on chain yet (${why}); ask again`);
    }
    // Only the cosigner can create this address, and only this way: anything else is a bug to see.
    if (!isVaultMultisig(info.data, wallet, new PublicKey(vault.cosigner)))
      throw new Error(`multisig ${vault.multisig} on chain does not match device ${vault.device_id}`);
    await this.o.commit.run(() =>
      sql(this.o.db, `UPDATE stake_vaults SET state = 'ready' WHERE device_id = ?`).run(vault.device_id),
    );
    return { ...vault, state: 'ready' };
  }
}

/** The owner's own address: on the ed25519 curve, since a program address cannot sign a release. */
function ownerAddress(wallet: string): PublicKey {
  let key: PublicKey;
  try {
    key = new PublicKey(wallet);
  } catch {
    throw new ApiError(400, 'invalid-wallet', `wallet ${wallet} is not a Solana address`);
  }
  if (!PublicKey.isOnCurve(key.toBytes()))
    throw new ApiError(
      400,
      'invalid-wallet',
      `wallet ${wallet} is off the ed25519 curve (a program address?); give the wallet's own address`,
    );
  return key;
}
