// The in-app signer: the only holder of an unlocked seed. The seed lives in this closure, never on
// the object, so JSON.stringify and util.inspect see only the address; lock() wipes it and every
// later signing request is refused.
import type { UnlockedSigner } from '../key-vault.js';
import { addressOf, signWithSeed } from './ed25519-seed.js';

export class SignerLockedError extends Error {
  override readonly name = 'SignerLockedError';
  constructor() {
    super('The in-app wallet is locked: unlock it with its passphrase to sign.');
  }
}

/** Takes ownership of `seed` (the caller must not keep or wipe it). */
export function createUnlockedSigner(seed: Uint8Array): UnlockedSigner {
  let secret: Uint8Array | null = seed;
  const address = addressOf(seed);
  return Object.freeze({
    kind: 'in-app' as const,
    address,
    signMessage(message: Uint8Array): Promise<Uint8Array> {
      if (!secret) return Promise.reject(new SignerLockedError());
      if (!(message instanceof Uint8Array)) {
        return Promise.reject(new TypeError('The message to sign must be bytes (a Uint8Array).'));
      }
      return Promise.resolve(signWithSeed(secret, message));
    },
    lock(): void {
      secret?.fill(0);
      secret = null;
    },
    toJSON: () => ({ kind: 'in-app', address }),
  });
}
