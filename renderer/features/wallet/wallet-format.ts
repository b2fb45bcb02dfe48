// How wallet figures read for people: kinds, short addresses, SOL and signed IO changes, explorer
// links. Amounts stay integers of base units until the last step (common/io-units.ts).
import type { ChainPins, HistoryEntry, WalletKind } from '../../../common/wallet-api.js';
import { formatUnits } from '../../../common/io-units.js';
import { formatIo } from '../../lib/format.js';

/** SOL has 9 decimals (1 SOL = 10^9 lamports), a property of Solana itself, not of any mint. */
export const LAMPORT_DECIMALS = 9;

export const KIND_LABELS: Record<WalletKind, string> = {
  none: 'No wallet',
  'in-app': 'In-app wallet',
  browser: 'Browser wallet',
  'watch-only': 'Watch-only address',
};

export const KIND_HINTS: Record<WalletKind, string> = {
  none: 'Connect a wallet to receive payouts and stake on this device.',
  'in-app': 'Keys kept by this app, encrypted with your passphrase.',
  browser: 'Your browser wallet signs; this app never sees its keys.',
  'watch-only': 'Receives payouts; cannot sign, so it cannot stake or withdraw.',
};

export const ORIGIN_LABELS: Record<string, string> = {
  created: 'created in this app',
  mnemonic: 'imported from a recovery phrase',
  'secret-key': 'imported from a secret key',
  'keypair-file': 'imported from a Solana CLI keypair file',
};

export const HISTORY_LABELS: Record<HistoryEntry['kind'], string> = {
  stake: 'Stake',
  withdraw: 'Withdraw',
  payout: 'Payout',
  'transfer-in': 'Received',
  'transfer-out': 'Sent',
  faucet: 'Sandbox faucet',
  other: 'Other',
};

/** "7xKXtg…9aBcD3": enough of both ends to compare with another screen, never to type from. */
export function shortAddress(address: string): string {
  return address.length <= 14 ? address : `${address.slice(0, 6)}…${address.slice(-6)}`;
}

export const formatSol = (lamports: string | bigint): string =>
  `${formatUnits(BigInt(lamports), LAMPORT_DECIMALS)} SOL`;

/** "+5 IO", "−0.5 IO": the sign always shown, since history rows mix money in and out. */
export function formatIoChange(change: string): string {
  const units = BigInt(change);
  if (units === 0n) return formatIo(0n);
  return units > 0n ? `+${formatIo(units)}` : `−${formatIo(-units)}`;
}

export function formatSolChange(change: string): string {
  const lamports = BigInt(change);
  if (lamports === 0n) return formatSol(0n);
  return lamports > 0n ? `+${formatSol(lamports)}` : `−${formatSol(-lamports)}`;
}

/**
 * The explorer page of a transaction or address from the pinned pattern; null when the cluster has
 * no explorer (the sandbox's local chain): then the signature is shown as text.
 */
export function explorerLink(pins: ChainPins, kind: 'tx' | 'address', id: string): string | null {
  if (!pins.explorerPattern) return null;
  const url = pins.explorerPattern.replaceAll('{kind}', kind).replaceAll('{id}', encodeURIComponent(id));
  // Only web links: a pattern is configuration, and a javascript: URL must never become an href.
  return /^https?:\/\//i.test(url) ? url : null;
}

export const CLUSTER_LABELS: Record<string, string> = {
  sandbox: 'Sandbox (local chain, play money)',
  devnet: 'Solana devnet (test tokens)',
  'mainnet-beta': 'Solana mainnet (real money)',
  custom: 'Custom network',
};
