// Shared by the local chain tests: a throwaway data folder, a started chain and a web3.js Connection
// to it, and a raw JSON-RPC call for requests web3.js would never send.
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startLocalChain,
  type LocalChain,
  type LocalChainOptions,
} from '../../coordinator/chain/local-chain.js';

export function tempDir(prefix = 'io-chain-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startChain(
  dataDir: string,
  options: Partial<LocalChainOptions> = {},
): Promise<{ chain: LocalChain; connection: Connection }> {
  const chain = await startLocalChain({ dataDir, ...options });
  return { chain, connection: new Connection(chain.rpcUrl, 'confirmed') };
}

/** A new keypair holding `sol` SOL from the chain's faucet. */
export async function fundedKeypair(chain: LocalChain, sol = 10): Promise<Keypair> {
  const keypair = Keypair.generate();
  await chain.faucet(keypair.publicKey.toBase58(), { sol });
  return keypair;
}

export async function rawRpc(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, headers: response.headers };
}

export async function ioBalance(connection: Connection, tokenAccount: string | PublicKey): Promise<bigint> {
  const { value } = await connection.getTokenAccountBalance(new PublicKey(tokenAccount));
  return BigInt(value.amount);
}
