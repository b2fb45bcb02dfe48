// ed25519 from a raw 32-byte seed with node:crypto. A KeyObject is made for one operation and then
// dropped, and the DER bytes that carried the seed are zero-filled, so the only long-lived copy of
// the seed is the one the signer can wipe.
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import bs58 from 'bs58';

// RFC 8410 PKCS#8 prefix for an ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

function withPrivateKey<T>(seed: Uint8Array, use: (key: KeyObject) => T): T {
  if (seed.length !== 32) throw new Error('an ed25519 seed is 32 bytes');
  const der = Buffer.alloc(PKCS8_ED25519.length + 32);
  PKCS8_ED25519.copy(der);
  der.set(seed, PKCS8_ED25519.length);
  try {
    return use(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  } finally {
    der.fill(0);
  }
}

/** The raw 32-byte public key of a seed. */
export function publicKeyOf(seed: Uint8Array): Uint8Array {
  return withPrivateKey(seed, (key) => {
    // The raw key is the last 32 bytes of Node's SPKI DER encoding.
    const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
    return new Uint8Array(spki.subarray(-32));
  });
}

/** The Solana address (base58 public key) of a seed. */
export const addressOf = (seed: Uint8Array): string => bs58.encode(publicKeyOf(seed));

export function signWithSeed(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return withPrivateKey(seed, (key) => new Uint8Array(sign(null, message, key)));
}
