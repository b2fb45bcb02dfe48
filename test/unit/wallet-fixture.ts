// What the wallet tests share: the real sandbox network (local chain + coordinator) with a registered
// device whose class is trusted (the proof of GPU is tested elsewhere), and an in-app key kept by a
// test KeyVault: a real ed25519 key (web3.js Keypair) in a plain file, signing with node:crypto. It
// stands in for main/wallet/keys/ (the passphrase-encrypted keystore) until that lands; the key and
// the signatures are real, only the encryption at rest is missing.
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { createPrivateKey, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { loadOrCreateDeviceIdentity, type DeviceIdentity } from '../../main/identity/device-identity.js';
import { CoordinatorClient } from '../../main/network/coordinator-client.js';
import type { KeyVault, UnlockedSigner } from '../../main/wallet/key-vault.js';
import { WrongPassphraseError } from '../../main/wallet/key-vault.js';
import { WalletService } from '../../main/wallet/wallet-service.js';
import { SimDevice } from '../coordinator/sim-device.js';

export const IO = 1_000_000_000n;
export const PASSPHRASE = 'correct horse battery';
export const COOLDOWN_MS = 1_500;
export const tempDir = (prefix = 'io-wallet-') => mkdtempSync(join(tmpdir(), prefix));

/** The test KeyVault: the 64-byte secret in a JSON file beside the passphrase it must be opened with. */
export function keypairFileVault(path: string): KeyVault {
  const signerOf = (keypair: Keypair): UnlockedSigner => {
    let secret: Uint8Array | null = keypair.secretKey;
    return {
      kind: 'in-app',
      address: keypair.publicKey.toBase58(),
      signMessage: (message) => {
        if (!secret) return Promise.reject(new Error('locked'));
        const der = Buffer.concat([
          Buffer.from('302e020100300506032b657004220420', 'hex'),
          secret.slice(0, 32),
        ]);
        return Promise.resolve(
          new Uint8Array(sign(null, message, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))),
        );
      },
      lock: () => {
        secret = null;
      },
    };
  };
  const save = (keypair: Keypair, passphrase: string, origin: string) =>
    writeFileSync(path, JSON.stringify({ secret: [...keypair.secretKey], passphrase, origin }));
  const load = () =>
    JSON.parse(readFileSync(path, 'utf8')) as { secret: number[]; passphrase: string; origin: 'created' };
  return {
    info: () =>
      existsSync(path)
        ? {
            address: Keypair.fromSecretKey(Uint8Array.from(load().secret)).publicKey.toBase58(),
            origin: load().origin,
          }
        : null,
    create: (_words, passphrase) => {
      const keypair = Keypair.generate();
      save(keypair, passphrase, 'created');
      const info = { address: keypair.publicKey.toBase58(), origin: 'created' as const };
      return Promise.resolve({ info, mnemonic: 'test fixture: no phrase', signer: signerOf(keypair) });
    },
    import: () => Promise.reject(new Error('the test vault only creates')),
    unlock: (passphrase) => {
      const saved = load();
      if (saved.passphrase !== passphrase) return Promise.reject(new WrongPassphraseError());
      return Promise.resolve(signerOf(Keypair.fromSecretKey(Uint8Array.from(saved.secret))));
    },
    changePassphrase: () => Promise.reject(new Error('not in the test vault')),
    remove: () => rmSync(path, { force: true }),
  };
}

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
    keyVault: keypairFileVault(join(dataDir, 'wallet', 'test-keystore.json')),
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
