// A sandbox network for the staking tests: the real local chain, a coordinator, and the staking
// routes on a server of their own, wired the way coordinator.ts is to wire them (a StakingService on
// the coordinator's database, its stake lookup given to the device registry); plus what a provider's
// wallet does (deposits with the memo, signing a release).
import {
  createTransferCheckedInstruction,
  getAccount,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { Connection, Keypair, PublicKey, Transaction } from '@solana/web3.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sha256Hex } from '../../common/node/hash.js';
import { memoInstruction } from '../../coordinator/chain/io-token.js';
import { startLocalChain, type LocalChain } from '../../coordinator/chain/local-chain.js';
import { startCoordinator, type Coordinator } from '../../coordinator/coordinator.js';
import { NonceRegistry } from '../../coordinator/http/nonces.js';
import { createHandler } from '../../coordinator/http/router.js';
import { STAKING_MIGRATION } from '../../coordinator/staking/migration.js';
import { STAKING_DEFAULTS } from '../../coordinator/staking/params.js';
import { stakeRoutes } from '../../coordinator/staking/stake-routes.js';
import { awaitConfirmed } from '../../common/node/signature-status.js';
import { createStakeLookup, StakingService } from '../../coordinator/staking/staking-service.js';
import { fundPayoutFees } from '../../coordinator/start-network.js';
import { GroupCommit } from '../../coordinator/store/group-commit.js';
import { tempDir } from './harness.js';
import { sampleRegistration, SimDevice } from './sim-device.js';

export const COOLDOWN_MS = 60_000;
const stops: (() => Promise<void>)[] = [];

/** Stops what the tests started, newest first (for afterEach). */
export async function stopAll(): Promise<void> {
  while (stops.length) await stops.pop()!();
}

/** A coordinator with the staking routes on a server of their own, wired as coordinator.ts will wire them. */
async function startStakingCoordinator(dataDir: string, chain: LocalChain, cosigner: Keypair) {
  const skew = { ms: 0 }; // the staking clock, moved past cooldowns
  const coordinator: Coordinator = await startCoordinator({
    dataDir,
    params: { workload: null, trustClaimedClass: true, clusterReadyUptimeMs: 0 },
    stakeOf: (id) => createStakeLookup(staking)(id), // called only once `staking` exists
  });
  const db = coordinator.db;
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'stake_vaults'`).get())
    db.exec(STAKING_MIGRATION.sql);
  const commit = new GroupCommit(db);
  const staking = new StakingService({
    db,
    commit,
    params: { ...coordinator.params, ...STAKING_DEFAULTS, unstakeCooldownMs: COOLDOWN_MS },
    now: () => Date.now() + skew.ms,
    chain: { rpcUrl: chain.rpcUrl, ioMint: chain.ioMint, cosigner, payer: chain.authority },
  });
  const server: Server = createServer(
    createHandler({
      routes: stakeRoutes({ staking }),
      maxBodyBytes: 1 << 20,
      nonces: new NonceRegistry(db, commit),
      isRegistered: (id) => coordinator.devices.get(id) !== undefined,
      now: Date.now,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stakeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await staking.resumeAll();
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await staking.drain();
    await coordinator.stop();
  };
  stops.push(stop);
  return { coordinator, staking, stakeUrl, skew, stop };
}

export async function start(options: { slotMs?: number } = {}) {
  const dataDir = tempDir('io-staking-');
  const chain = await startLocalChain({ dataDir: join(dataDir, 'chain'), slotMs: options.slotMs });
  stops.push(() => chain.stop());
  await fundPayoutFees(chain);
  const cosigner = Keypair.generate();
  const net = await startStakingCoordinator(join(dataDir, 'coordinator'), chain, cosigner);
  const connection = new Connection(chain.rpcUrl, 'confirmed');
  const restart = async () => {
    await net.stop();
    stops.splice(stops.indexOf(net.stop), 1);
    return startStakingCoordinator(join(dataDir, 'coordinator'), chain, cosigner);
  };
  return { ...net, chain, cosigner, connection, restart };
}

export type Net = Awaited<ReturnType<typeof start>>;

/** A registered, heartbeating device (classes trusted in tests) and its owner's funded wallet. */
export async function provider(net: Net, registration = sampleRegistration()) {
  const device = new SimDevice(net.coordinator.url);
  expect((await device.request('POST', '/v1/devices/register', registration)).status).toBe(200);
  const stake = new SimDevice(net.stakeUrl, device.identity);
  const wallet = Keypair.generate();
  await net.chain.faucet(wallet.publicKey.toBase58(), { sol: 1, io: 1000 });
  return { device, stake, wallet };
}

export const ioOf = async (connection: Connection, account: PublicKey | string) =>
  (await getAccount(connection, new PublicKey(account))).amount;
export const walletAta = (net: Net, wallet: PublicKey) =>
  getAssociatedTokenAddressSync(new PublicKey(net.chain.ioMint), wallet);

/** A transfer from the wallet into the vault, with the device's memo or without one. */
export async function deposit(net: Net, wallet: Keypair, vault: string, amount: bigint, memo: string | null) {
  const mint = new PublicKey(net.chain.ioMint);
  const tx = new Transaction().add(
    createTransferCheckedInstruction(
      walletAta(net, wallet.publicKey),
      mint,
      new PublicKey(vault),
      wallet.publicKey,
      amount,
      9,
    ),
  );
  if (memo) tx.add(memoInstruction(memo));
  return send(net, tx, [wallet]);
}

export async function send(net: Net, tx: Transaction, signers: Keypair[]) {
  const { blockhash, lastValidBlockHeight } = await net.connection.getLatestBlockhash();
  tx.recentBlockhash = blockhash;
  tx.feePayer ??= signers[0]!.publicKey;
  tx.sign(...signers);
  const signature = await net.connection.sendRawTransaction(tx.serialize());
  await net.connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight });
  return signature;
}

/** What the owner's wallet does with a release: add its signature to the network's and send it. */
export async function signAndSend(net: Net, base64: string, wallet: Keypair) {
  const tx = Transaction.from(Buffer.from(base64, 'base64'));
  tx.partialSign(wallet);
  const signature = await net.connection.sendRawTransaction(tx.serialize());
  expect((await awaitConfirmed(net.connection, signature, 10_000))?.err).toBeNull();
  return signature;
}

/** Digest of the staking tables, to show a refused request changed nothing. */
export function stakingDigest(net: Net): string {
  const tables = ['stake_vaults', 'stake_unstakes', 'stake_deposits', 'devices'];
  const rows = tables.map((t) => net.coordinator.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());
  return sha256Hex(JSON.stringify(rows));
}
