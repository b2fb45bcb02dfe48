// Staking (docs/staking.md): per device a 2-of-2 multisig vault (staking-chain.ts). A device's stake is
// the vault's IO balance minus what is under unstake requests; a request waits out the cooldown, then
// the network co-signs a release to the original wallet. Every write to staking state runs in one
// queue, so a check (enough stake? already released?) and the write it guards never interleave.
import { Connection, PublicKey } from '@solana/web3.js';
import type {
  ReleaseRequest,
  ReleaseResponse,
  StakeStatus,
  StakeVaultRequest,
  Unstake,
  UnstakeRequest,
} from '../../common/staking-api.js';
import type { CoordinatorParams } from '../params.js';
import { ApiError } from '../service/api-error.js';
import type { StakeLookup } from '../service/devices.js';
import type { DeviceRow } from '../service/lifecycle.js';
import { minimumStake } from '../service/rewards.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import { sql } from '../store/statements.js';
import { BalanceCache } from './balance-cache.js';
import { newDeposits } from './deposits.js';
import type { StakingParams } from './params.js';
import { Releases } from './releases.js';
import { chainCall, staked, toDeposit, type DepositRow, type VaultRow } from './rows.js';
import { stakeMemo, type StakingChain } from './staking-chain.js';
import { Vaults } from './vaults.js';

export interface StakingServiceOptions {
  db: Db;
  commit: GroupCommit;
  params: CoordinatorParams & StakingParams;
  now: () => number;
  /** null: no chain or no staking key; staking calls answer 503 and every stake is 0. */
  chain: StakingChain | null;
  /** How long to wait for a vault's creation to show up on chain (30 s). */
  confirmTimeoutMs?: number;
}

interface OnChain {
  connection: Connection;
  vaults: Vaults;
  balances: BalanceCache;
  releases: Releases;
}

export class StakingService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly on: OnChain | null = null;

  constructor(private readonly o: StakingServiceOptions) {
    const chain = o.chain;
    if (!chain) return;
    const connection = new Connection(chain.rpcUrl, 'confirmed');
    const vaults = new Vaults({ ...o, chain, connection, confirmTimeoutMs: o.confirmTimeoutMs ?? 30_000 });
    const balances = new BalanceCache(connection, o.now);
    const releases = new Releases({
      ...o,
      chain,
      connection,
      vault: (deviceId) => vaults.require(deviceId),
      pendingOf: (deviceId) => this.unstaking(deviceId),
      balanceOf: (vault) => balances.one(vault, 0, true),
      onReleased: (vault) => balances.released(vault),
    });
    this.on = { connection, vaults, balances, releases };
  }

  /** The device's stake for the lifecycle (cluster-ready). Never throws: an unreadable chain gives a safe figure. */
  async stakeOf(deviceId: string): Promise<bigint> {
    const on = this.on;
    const vault = on?.vaults.get(deviceId);
    if (!on || vault?.state !== 'ready') return 0n;
    // A release the wallet has sent is recorded in the background; until then it counts twice (safe).
    if (on.releases.hasReleasing(deviceId))
      void this.serial(() => on.releases.settleDevice(deviceId)).catch(() => undefined);
    const pending = this.unstaking(deviceId); // before the read: see BalanceCache
    return staked(await on.balances.one(vault.vault, this.o.params.stakeCacheMs, false), pending);
  }

  /** GET /v1/stake: settles releases under way, reads the balance and indexes new deposits. */
  status(deviceId: string): Promise<StakeStatus> {
    return this.serial(() => this.describe(deviceId));
  }

  /** POST /v1/stake/vault: creates the device's vault once; the wallet is fixed from the first call on. */
  openVault(deviceId: string, body: StakeVaultRequest): Promise<StakeStatus> {
    return this.serial(async () => {
      await this.require().vaults.open(deviceId, body.wallet);
      return this.describe(deviceId);
    });
  }

  /** POST /v1/stake/unstake: the amount stops counting as stake now; releasable after the cooldown. */
  unstake(deviceId: string, body: UnstakeRequest): Promise<Unstake> {
    return this.serial(() => this.require().releases.unstake(deviceId, body));
  }

  /** POST /v1/stake/release: after the cooldown, the release transaction for the wallet to sign and send. */
  release(deviceId: string, body: ReleaseRequest): Promise<ReleaseResponse> {
    return this.serial(() => this.require().releases.release(deviceId, body));
  }

  /** On start: finishes vaults a crash left 'creating' and settles releases left 'releasing'. */
  resumeAll(): Promise<void> {
    return this.serial(async () => {
      await this.on?.vaults.resume();
      await this.on?.releases.settleAll();
    });
  }

  /** Network-wide figures, from balances no older than stakeCacheMs. */
  async totals(): Promise<{ vaults: number; staked: bigint; unstaking: bigint }> {
    const vaults = this.on?.vaults.ready() ?? [];
    const pending = vaults.map((v) => this.unstaking(v.device_id)); // before the read
    const balances = await this.on?.balances.get(
      vaults.map((v) => v.vault),
      this.o.params.stakeCacheMs,
      false,
    );
    let total = 0n;
    let unstaking = 0n;
    vaults.forEach((v, i) => {
      total += staked(balances?.get(v.vault) ?? 0n, pending[i]!);
      unstaking += pending[i]!;
    });
    return { vaults: vaults.length, staked: total, unstaking };
  }

  /** Resolves once the staking work under way is done (stop() waits for it before closing the store). */
  drain(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private require(): OnChain {
    if (!this.on)
      throw new ApiError(
        503,
        'staking-unavailable',
        'this coordinator has no chain or staking key to stake on',
      );
    return this.on;
  }

  /** IO under unstake requests not yet released: no longer stake. */
  private unstaking(deviceId: string): bigint {
    const rows = sql(
      this.o.db,
      `SELECT amount FROM stake_unstakes WHERE device_id = ? AND state != 'released'`,
    ).all(deviceId) as { amount: string }[];
    return rows.reduce((total, r) => total + BigInt(r.amount), 0n);
  }

  /** Inside the queue: the device's staking state, read fresh from the chain. */
  private async describe(deviceId: string): Promise<StakeStatus> {
    const on = this.on;
    let vault = on?.vaults.get(deviceId);
    let balance = 0n;
    if (on && vault) {
      vault = await on.vaults.ensure(vault);
      await on.releases.settleDevice(deviceId);
      balance = await on.balances.one(vault.vault, 0, true);
      await this.indexDeposits(on, vault);
    }
    const device = sql(this.o.db, 'SELECT proven_class, gpu_count FROM devices WHERE id = ?').get(
      deviceId,
    ) as Pick<DeviceRow, 'proven_class' | 'gpu_count'> | undefined;
    const pending = this.unstaking(deviceId);
    const deposits = sql(
      this.o.db,
      'SELECT * FROM stake_deposits WHERE device_id = ? ORDER BY slot, signature',
    ).all(deviceId) as DepositRow[];
    return {
      deviceId,
      wallet: vault?.wallet ?? null,
      multisig: vault?.multisig ?? null,
      vault: vault?.vault ?? null,
      cosigner: vault?.cosigner ?? this.o.chain?.cosigner.publicKey.toBase58() ?? null,
      ioMint: this.o.chain?.ioMint ?? null,
      memo: stakeMemo(deviceId),
      balance: String(balance),
      unstaking: String(pending),
      staked: String(staked(balance, pending)),
      minimum: String(minimumStake(this.o.params, device?.proven_class ?? null, device?.gpu_count ?? 1)),
      cooldownMs: this.o.params.unstakeCooldownMs,
      unstakes: on?.releases.list(deviceId) ?? [],
      deposits: deposits.map(toDeposit),
    };
  }

  private async indexDeposits(on: OnChain, vault: VaultRow): Promise<void> {
    const known = (signature: string) =>
      sql(this.o.db, 'SELECT 1 FROM stake_deposits WHERE signature = ?').get(signature) !== undefined;
    const found = await chainCall(() =>
      newDeposits(on.connection, new PublicKey(vault.vault), stakeMemo(vault.device_id), known),
    );
    if (!found.length) return;
    await this.o.commit.run(() => {
      for (const d of found)
        sql(
          this.o.db,
          `INSERT OR IGNORE INTO stake_deposits (signature, device_id, amount, source_owner, slot, block_time)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(d.signature, vault.device_id, String(d.amount), d.sourceOwner, d.slot, d.blockTime);
    });
  }
}

/** The stake lookup DeviceService takes (cluster-ready needs the minimum stake). */
export function createStakeLookup(staking: StakingService): StakeLookup {
  return (deviceId) => staking.stakeOf(deviceId);
}
