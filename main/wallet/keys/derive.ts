// From a BIP39 phrase to the 32-byte ed25519 seed a Solana wallet signs with, on the path Phantom,
// Solflare and Backpack use, so a phrase made here opens the same account there and back.
import { entropyToMnemonic, generateMnemonic, mnemonicToEntropy, mnemonicToSeedSync } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { HDKey } from 'micro-key-producer/slip10.js';

/** SLIP-0010 ed25519 (every level hardened): account 0 of coin type 501, as the browser wallets use. */
export const SOLANA_PATH = "m/44'/501'/0'/0'";

/** A valid phrase's word counts (128..256 bits of entropy). */
const WORD_COUNTS = [12, 15, 18, 21, 24];

export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** A fresh phrase from the OS's random source: 12 words = 128 bits, 24 words = 256 bits. */
export function newMnemonic(words: 12 | 24): string {
  return generateMnemonic(wordlist, words === 12 ? 128 : 256);
}

/** SLIP-0010 private key at `path` for a BIP39 seed (exposed for the published test vectors). */
export function slip10PrivateKey(bip39Seed: Uint8Array, path: string): Uint8Array {
  return HDKey.fromMasterSeed(bip39Seed).derive(path).privateKey;
}

/**
 * The phrase's canonical form: NFKD, lower case, single spaces. Each word is checked against the
 * list and the checksum verified; an error names the position, never the words, so nothing of the
 * phrase reaches a log line.
 */
export function normalizeMnemonic(phrase: string): string {
  if (typeof phrase !== 'string') throw new ImportError('The recovery phrase must be text.');
  const words = phrase.normalize('NFKD').toLowerCase().trim().split(/\s+/u).filter(Boolean);
  if (!WORD_COUNTS.includes(words.length)) {
    throw new ImportError(`A recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}.`);
  }
  const unknown = words.flatMap((word, i) => (wordlist.includes(word) ? [] : [i + 1]));
  if (unknown.length > 0) {
    const which = unknown.length === 1 ? `Word ${unknown[0]} is` : `Words ${unknown.join(', ')} are`;
    throw new ImportError(`${which} not in the BIP39 English word list; check the spelling.`);
  }
  const normalized = words.join(' ');
  try {
    // Round trip through the entropy: throws on a bad checksum.
    entropyToMnemonic(mnemonicToEntropy(normalized, wordlist), wordlist);
  } catch {
    throw new ImportError(
      "The recovery phrase's checksum does not match: a word is wrong or two are swapped.",
    );
  }
  return normalized;
}

/** The Solana key seed of a phrase (no BIP39 passphrase, as the browser wallets do by default). */
export function seedFromMnemonic(phrase: string): Uint8Array {
  const bip39Seed = mnemonicToSeedSync(normalizeMnemonic(phrase));
  try {
    return slip10PrivateKey(bip39Seed, SOLANA_PATH);
  } finally {
    bip39Seed.fill(0);
  }
}
