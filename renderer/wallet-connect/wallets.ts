// The Wallet Standard side: which injected wallets can do what this page needs (connect, sign a
// message, sign a transaction on a Solana chain), and the three calls the page makes to one.
import { getWallets } from '@wallet-standard/app';
import type { Wallet, WalletAccount } from '@wallet-standard/base';
import { StandardConnect, type StandardConnectFeature } from '@wallet-standard/features';
import {
  SolanaSignMessage,
  SolanaSignTransaction,
  type SolanaSignMessageFeature,
  type SolanaSignTransactionFeature,
} from '@solana/wallet-standard-features';

const NEEDED = [StandardConnect, SolanaSignMessage, SolanaSignTransaction] as const;
type SolanaWallet = Wallet & {
  features: StandardConnectFeature & SolanaSignMessageFeature & SolanaSignTransactionFeature;
};

export function isSolanaWallet(wallet: Wallet): wallet is SolanaWallet {
  return NEEDED.every((f) => f in wallet.features) && wallet.chains.some((c) => c.startsWith('solana:'));
}

/** Calls `onChange` with the usable wallets now and whenever one registers or leaves. */
export function watchWallets(onChange: (wallets: SolanaWallet[]) => void): () => void {
  const registry = getWallets();
  const report = () => onChange(registry.get().filter(isSolanaWallet));
  const offs = [registry.on('register', report), registry.on('unregister', report)];
  report();
  return () => offs.forEach((off) => off());
}

/** Asks the wallet for access; the first account that can sign messages on Solana. */
export async function connect(wallet: SolanaWallet): Promise<WalletAccount> {
  const { accounts } = await wallet.features[StandardConnect].connect();
  const account = accounts.find(
    (a) => a.features.includes(SolanaSignMessage) && a.chains.some((c) => c.startsWith('solana:')),
  );
  if (!account) throw new Error(`${wallet.name} gave no Solana account that can sign messages`);
  return account;
}

export async function signMessage(wallet: SolanaWallet, account: WalletAccount, message: Uint8Array) {
  const [out] = await wallet.features[SolanaSignMessage].signMessage({ account, message });
  if (!out) throw new Error(`${wallet.name} returned no signature`);
  return out.signature;
}

export async function signTransaction(
  wallet: SolanaWallet,
  account: WalletAccount,
  transaction: Uint8Array,
  chain: string | null,
): Promise<Uint8Array> {
  const input = chain
    ? { account, transaction, chain: chain as `${string}:${string}` }
    : { account, transaction };
  const [out] = await wallet.features[SolanaSignTransaction].signTransaction(input);
  if (!out) throw new Error(`${wallet.name} returned no transaction`);
  return out.signedTransaction;
}

export type { SolanaWallet };
