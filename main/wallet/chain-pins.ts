// What the wallet trusts on one network: the cluster, the RPC, the IO mint and the four programs the
// signer policy accepts. The mint and RPC come from the coordinator (GET /v1/network); the cluster
// from the genesis hash, so a mainnet RPC behind a custom URL is still called mainnet. Shown to the
// owner so a look-alike token or program fools nobody.
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { SystemProgram } from '@solana/web3.js';
import type { ChainPins } from '../../common/wallet-api.js';
import { MEMO_PROGRAM_ID } from '../../common/node/solana-memo.js';

/** The only programs a transaction may call for the signer to sign it, by the names decoding uses. */
export const PINNED_PROGRAMS: Readonly<Record<string, string>> = {
  token: TOKEN_PROGRAM_ID.toBase58(),
  'associated-token': ASSOCIATED_TOKEN_PROGRAM_ID.toBase58(),
  memo: MEMO_PROGRAM_ID.toBase58(),
  system: SystemProgram.programId.toBase58(),
};

// Genesis hashes of the public clusters (solana-labs docs); anything else is 'custom'.
const GENESIS: Record<string, string> = {
  '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d': 'mainnet-beta',
  EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWdgBKtaG: 'devnet',
  '4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY': 'testnet',
};

export function clusterOf(sandbox: boolean, genesisHash: string | null): string {
  if (sandbox) return 'sandbox';
  return (genesisHash && GENESIS[genesisHash]) ?? 'custom';
}

/**
 * The sandbox has no explorer: its chain lives on loopback in this app, and sending the owner to a
 * third-party page that reads 127.0.0.1 would show nothing once the node stops, so its links are null.
 * A custom cluster gets explorer.solana.com's custom-URL form, which works when the RPC is public.
 */
export function explorerPatternFor(cluster: string, rpcUrl: string | null): string | null {
  const base = 'https://explorer.solana.com/{kind}/{id}';
  if (cluster === 'sandbox') return null;
  if (cluster === 'mainnet-beta') return base;
  if (cluster === 'devnet' || cluster === 'testnet') return `${base}?cluster=${cluster}`;
  return rpcUrl ? `${base}?cluster=custom&customUrl=${encodeURIComponent(rpcUrl)}` : null;
}

export function makePins(o: {
  sandbox: boolean;
  genesisHash: string | null;
  rpcUrl: string | null;
  ioMint: string | null;
  decimals: number;
}): ChainPins {
  const cluster = clusterOf(o.sandbox, o.genesisHash);
  return {
    cluster,
    rpcUrl: o.rpcUrl,
    ioMint: o.ioMint,
    decimals: o.decimals,
    programs: { ...PINNED_PROGRAMS },
    explorerPattern: explorerPatternFor(cluster, o.rpcUrl),
  };
}

/** Before the network answered: nothing is pinned, so nothing can be signed. */
export function emptyPins(sandbox: boolean): ChainPins {
  return makePins({ sandbox, genesisHash: null, rpcUrl: null, ioMint: null, decimals: 9 });
}

export function explorerUrl(pins: ChainPins, kind: 'tx' | 'address', id: string): string | null {
  return pins.explorerPattern?.replace('{kind}', kind).replace('{id}', id) ?? null;
}
