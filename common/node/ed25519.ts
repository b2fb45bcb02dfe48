// ed25519 for device keys, the one verifier every side uses: the coordinator checks requests,
// receipts and proof bindings with it, the provider and the tests check their own signatures.
// A device id is its base58 raw public key (the same form as a Solana address), so no lookup is needed.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import bs58 from 'bs58';

/** A device's signing key as the code that signs sees it; the private key stays behind `sign`. */
export interface DeviceIdentity {
  deviceId: string;
  publicKey: Uint8Array;
  sign(message: Uint8Array | string): Uint8Array;
}

// Building a KeyObject costs as much as the verification itself (a third of the coordinator's CPU in
// the network benchmark), so keys are kept for the devices seen recently.
const keys = new Map<string, KeyObject | null>();
const KEY_CACHE = 10_000;
// The raw 32-byte key sits at the end of Node's SPKI DER encoding of an ed25519 public key.
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

function keyOf(deviceId: string): KeyObject | null {
  let key = keys.get(deviceId);
  if (key !== undefined) return key;
  try {
    const raw = bs58.decode(deviceId);
    key =
      raw.length === 32
        ? createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' })
        : null;
  } catch {
    key = null;
  }
  if (keys.size >= KEY_CACHE) keys.delete(keys.keys().next().value!);
  keys.set(deviceId, key);
  return key;
}

/** Checks an ed25519 signature made by the device whose id (base58 public key) is given. */
export function verifyDeviceSignature(
  deviceId: string,
  message: Uint8Array | string,
  signature: Uint8Array,
): boolean {
  const key = keyOf(deviceId);
  if (!key || signature.length !== 64) return false;
  return verify(null, typeof message === 'string' ? Buffer.from(message) : message, key, signature);
}
