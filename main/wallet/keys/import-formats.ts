// The three ways an owner brings an existing Solana key: a recovery phrase, a base58 secret key
// (what Phantom and Solflare export), or the Solana CLI's keypair file (a JSON array of 64 bytes).
// Each ends as the 32-byte seed; a 64-byte key's second half must be the seed's public key, or the
// owner would see one address and sign as another. Errors are one sentence that never quotes the
// secret, since they travel to the UI and may reach a log.
import bs58 from 'bs58';
import type { KeyOrigin } from '../key-vault.js';
import { ImportError, seedFromMnemonic } from './derive.js';
import { publicKeyOf } from './ed25519-seed.js';

export type ImportFormat = Exclude<KeyOrigin, 'created'>;

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]*$/u;

export function seedFromImport(format: ImportFormat, secret: string): Uint8Array {
  if (typeof secret !== 'string') throw new ImportError('The secret to import must be text.');
  switch (format) {
    case 'mnemonic':
      return seedFromMnemonic(secret);
    case 'secret-key':
      return seedFromSecretKey(secret);
    case 'keypair-file':
      return seedFromKeypairFile(secret);
    default:
      throw new ImportError(
        `Unknown import format "${String(format)}"; use mnemonic, secret-key or keypair-file.`,
      );
  }
}

function seedFromSecretKey(text: string): Uint8Array {
  const trimmed = text.trim();
  if (trimmed === '') throw new ImportError('The secret key is empty.');
  const bad = [...trimmed].findIndex((c) => !BASE58.test(c));
  if (bad >= 0) {
    throw new ImportError(
      `The secret key is not base58: character ${bad + 1} is not in the base58 alphabet.`,
    );
  }
  const bytes = bs58.decode(trimmed);
  if (bytes.length === 32) return bytes; // a bare seed
  if (bytes.length !== 64) {
    bytes.fill(0);
    throw new ImportError(
      `The secret key decodes to ${bytes.length} bytes; expected 64 (seed and public key) or 32 (seed).`,
    );
  }
  return splitKeypair(bytes, 'secret key');
}

function seedFromKeypairFile(text: string): Uint8Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ImportError(
      'The keypair file is not JSON; expected the array of 64 numbers the Solana CLI writes.',
    );
  }
  if (!Array.isArray(parsed) || parsed.length !== 64) {
    const what = Array.isArray(parsed) ? `an array of ${parsed.length} numbers` : `a JSON ${typeof parsed}`;
    throw new ImportError(`The keypair file holds ${what}; expected an array of 64 numbers.`);
  }
  const bad = parsed.findIndex((n) => !Number.isInteger(n) || (n as number) < 0 || (n as number) > 255);
  if (bad >= 0) {
    throw new ImportError(`The keypair file's entry ${bad + 1} is not a whole number from 0 to 255.`);
  }
  return splitKeypair(Uint8Array.from(parsed as number[]), 'keypair file');
}

/** seed || publicKey (64 bytes, consumed and wiped) -> seed, when the halves belong together. */
function splitKeypair(keypair: Uint8Array, what: string): Uint8Array {
  const seed = keypair.slice(0, 32);
  const expected = publicKeyOf(seed);
  const matches = expected.every((b, i) => b === keypair[32 + i]);
  keypair.fill(0);
  if (!matches) {
    seed.fill(0);
    throw new ImportError(
      `The ${what}'s public-key half does not belong to its private half; it is damaged or was pieced together.`,
    );
  }
  return seed;
}
