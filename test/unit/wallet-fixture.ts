// What the wallet tests share: the real sandbox network (local chain + coordinator) with a registered
// device whose class is trusted (the proof of GPU is tested elsewhere), and the app's own keystore
// (main/wallet/keys/) at a low scrypt cost.
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { Connection, PublicKey } from '@solana/web3.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { loadOrCreateDeviceIdentity, type DeviceIdentity } from '../../main/identity/device-identity.js';
import { CoordinatorClient } from '../../main/network/coordinator-client.js';
import type { KeyVault } from '../../main/wallet/key-vault.js';
import { createFileKeyVault } from '../../main/wallet/keys/file-key-vault.js';
import { MIN_SCRYPT_N } from '../../main/wallet/keys/keystore-file.js';
import { WalletService } from '../../main/wallet/wallet-service.js';
import { SimDevice } from '../coordinator/sim-device.js';

export const IO = 1_000_000_000n;
export const PASSPHRASE = 'correct horse battery';
export const COOLDOWN_MS = 1_500;
export const tempDir = (prefix = 'io-wallet-') => mkdtempSync(join(tmpdir(), prefix));

/** The app's keystore at the cheapest scrypt cost a file may name, so the flows stay quick. */
export const testKeyVault = (dataDir: string): KeyVault =>
  createFileKeyVault({
    path: join(dataDir, 'wallet', 'keystore.json'),
    scrypt: { N: MIN_SCRYPT_N, r: 8, p: 1 },
  });

export interface Bed {
  net: SandboxNetwork;
  connection: Connection;
  identity: DeviceIdentity;
  device: SimDevice;
  dataDir: string;
  stop(): Promise<void>;
}

/** The sandbox network with a 1.5 s unstake cooldown, a 100-unit payout minimum, and one verified device. */
export async function startBed(): Promise<Bed> {
  const root = tempDir();
  const net = await startNetwork({
    dataDir: join(root, 'network'),
    params: {
      workload: null,
      trustClaimedClass: true,
      clusterReadyUptimeMs: 0,
      unstakeCooldownMs: COOLDOWN_MS,
      minPayout: 100n,
      unitsPerTflop: 1000n * IO, // canaries earn enough for the 2.5 % fee to be more than rounding
    },
  });
  const dataDir = join(root, 'node');
  const identity = loadOrCreateDeviceIdentity(dataDir);
  const device = new SimDevice(net.coordinatorUrl, identity);
  const registered = await device.register();
  if (registered.body.status !== 'verified')
    throw new Error(`device not verified: ${JSON.stringify(registered.body)}`);
  return {
    net,
    connection: new Connection(net.rpcUrl, 'confirmed'),
    identity,
    device,
    dataDir,
    stop: () => net.stop(),
  };
}

export function walletService(bed: Bed, dataDir = bed.dataDir, identity = bed.identity): WalletService {
  return new WalletService({
    dataDir,
    client: new CoordinatorClient({ baseUrl: bed.net.coordinatorUrl, identity }),
    deviceId: identity.deviceId,
    sandbox: true,
    keyVault: testKeyVault(dataDir),
    confirmTimeoutMs: 15_000,
  });
}

/** IO base units in a token account (0 when it does not exist). */
export async function ioIn(connection: Connection, account: string | PublicKey): Promise<bigint> {
  const info = await connection.getAccountInfo(new PublicKey(account));
  if (!info) return 0n;
  return BigInt((await connection.getTokenAccountBalance(new PublicKey(account))).value.amount);
}

export const ioAccount = (bed: Bed, owner: string) =>
  getAssociatedTokenAddressSync(new PublicKey(bed.net.chain.ioMint), new PublicKey(owner));
