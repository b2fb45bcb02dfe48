// The port between the wallet service and a wallet in the owner's browser (Phantom, Solflare,
// Backpack). main/wallet/browser/ implements it: a one-time loopback page where Wallet Standard
// wallets inject, which proves the key by signing a challenge and later signs what the app asks.
import type { TransactionSigner } from './signer.js';

export interface BrowserWalletSession {
  /** The page to open in the default browser; it carries a one-time token and expires. */
  url: string;
  expiresAt: number;
}

export interface BrowserWalletPort {
  /** Starts a connect session (a new one replaces an unfinished one). */
  open(): BrowserWalletSession;
  /** The connected wallet's signer once a page proved its key; null before, or after disconnect(). */
  signer(): (TransactionSigner & { kind: 'browser' }) | null;
  /** Called with the proven address when a page connects; the service saves it and tells the UI. */
  onConnected(listener: (address: string) => void): () => void;
  disconnect(): void;
}
