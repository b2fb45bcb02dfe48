// The chain's data folder: its keypairs (Solana CLI JSON format, mode 0600), its genesis facts, and a
// lock so two processes never write one chain (the app and `io-provider network` could both try).
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../../common/node/process-alive.js';
import { writeFileAtomic } from '../../common/node/atomic-file.js';

export const FILES = {
  authority: 'authority.json',
  faucet: 'faucet.json',
  mint: 'mint.json',
  genesis: 'genesis.json',
  snapshot: 'snapshot.bin',
  log: 'transactions.log',
  lock: 'chain.lock',
} as const;

export interface ChainKeys {
  /** Mint authority of IO and owner of the treasury token account: the key the network pays with. */
  authority: Keypair;
  /** Holds the sandbox SOL; pays fees for genesis and faucet transactions. */
  faucet: Keypair;
  /** The IO mint's keypair, needed only to create the mint at genesis. */
  mint: Keypair;
}

export interface Genesis {
  format: 1;
  createdAtMs: number;
  genesisHash: string;
}

export function loadOrCreateKeypair(path: string): Keypair {
  if (existsSync(path)) {
    // Tighten a keypair that something else loosened; the secret must not be readable by others.
    chmodSync(path, 0o600);
    const bytes: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(bytes) || bytes.length !== 64) throw new Error(`${path} is not a 64-byte keypair`);
    return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
  }
  const keypair = Keypair.generate();
  writeFileAtomic(path, JSON.stringify(Array.from(keypair.secretKey)), 0o600);
  return keypair;
}

export function loadOrCreateKeys(dataDir: string): ChainKeys {
  return {
    authority: loadOrCreateKeypair(join(dataDir, FILES.authority)),
    faucet: loadOrCreateKeypair(join(dataDir, FILES.faucet)),
    mint: loadOrCreateKeypair(join(dataDir, FILES.mint)),
  };
}

/** The chain's birth: slots count from its time, and its hash names the chain (getGenesisHash). */
export function loadOrCreateGenesis(dataDir: string, keys: ChainKeys, now: number): Genesis {
  const path = join(dataDir, FILES.genesis);
  if (existsSync(path)) {
    const genesis = JSON.parse(readFileSync(path, 'utf8')) as Genesis;
    if (genesis.format !== 1 || !Number.isFinite(genesis.createdAtMs))
      throw new Error(`${path}: unknown format`);
    return genesis;
  }
  const seed = [keys.authority, keys.faucet, keys.mint].map((k) => k.publicKey.toBase58()).join(':');
  const genesisHash = bs58.encode(createHash('sha256').update(`io-local-chain:${seed}:${now}`).digest());
  const genesis: Genesis = { format: 1, createdAtMs: now, genesisHash };
  writeFileAtomic(path, `${JSON.stringify(genesis, null, 2)}\n`, 0o600);
  return genesis;
}

/** Takes the data folder's lock or throws naming the holder; a lock left by a dead process is taken over. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, FILES.lock);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) {
        throw new Error(`local chain data folder ${dataDir} is in use by process ${holder}`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
