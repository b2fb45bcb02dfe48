// The port between the wallet service and where an in-app key is kept (main/wallet/keys/ implements
// it with a passphrase-encrypted keystore file). The secret never leaves through it: unlock() answers
// a signer that holds the key in a closure, and nothing here returns key bytes.
import type { TransactionSigner } from './signer.js';

/** How an in-app key came to be: made here, or imported from one of three formats. */
export type KeyOrigin = 'created' | 'mnemonic' | 'secret-key' | 'keypair-file';

export interface KeyVaultInfo {
  address: string;
  origin: KeyOrigin;
}

/** A signer holding an unlocked key; lock() wipes the key bytes it holds. */
export interface UnlockedSigner extends TransactionSigner {
  readonly kind: 'in-app';
  lock(): void;
}

export interface KeyVault {
  /** The keystore's public part (address, origin) without the passphrase; null when there is none. A damaged file throws KeyVaultError. */
  info(): KeyVaultInfo | null;
  /** Makes a new key from a fresh BIP39 phrase (m/44'/501'/0'/0'), stores it encrypted, answers the phrase once. */
  create(
    words: 12 | 24,
    passphrase: string,
  ): Promise<{ info: KeyVaultInfo; mnemonic: string; signer: UnlockedSigner }>;
  /** Imports a phrase, a base58 secret key or a Solana CLI keypair file's text; refuses a malformed one with a sentence. */
  import(
    format: Exclude<KeyOrigin, 'created'>,
    secret: string,
    passphrase: string,
  ): Promise<{ info: KeyVaultInfo; signer: UnlockedSigner }>;
  /** WrongPassphraseError for a wrong passphrase; KeyVaultError for a damaged or tampered file. */
  unlock(passphrase: string): Promise<UnlockedSigner>;
  changePassphrase(current: string, next: string): Promise<void>;
  /** Deletes the keystore file (the caller confirmed the address). */
  remove(): void;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('wrong passphrase: the keystore did not open (nothing was changed)');
  }
}
/** The keystore file is damaged, tampered with, or of an unknown version; the message says which. */
export class KeyVaultError extends Error {}
