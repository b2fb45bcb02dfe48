// The device's ed25519 identity: created on first run, kept in the data folder with owner-only
// permissions, never sent anywhere but as a public key. The device id is the base58 public key (the
// same form as a Solana address). It signs receipts and (later) every request to the network.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import bs58 from 'bs58';
import { z } from 'zod';
import { writeFileAtomic } from '../../common/node/atomic-file.js';
import type { DeviceIdentity } from '../../common/node/ed25519.js';

// The type lives beside the verifier in common/node; the provider's modules keep naming it from here.
export type { DeviceIdentity };

const keyFileSchema = z.object({
  version: z.literal(1),
  deviceId: z.string(),
  /** PKCS#8 DER, base64. Plain on disk, as ssh keys are: the file is 0600 in the owner's folder. */
  privateKey: z.string(),
});

export class DeviceKeyError extends Error {
  override readonly name = 'DeviceKeyError';
}

const KEY_FILE = 'device-key.json';
// The raw 32-byte key sits at the end of Node's SPKI DER encoding of an ed25519 public key.
const rawPublicKey = (key: KeyObject) =>
  new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(-32));

export function loadOrCreateDeviceIdentity(dataDir: string): DeviceIdentity {
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const identity = fromPrivateKey(privateKey);
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    writeFileAtomic(
      file,
      JSON.stringify({ version: 1, deviceId: identity.deviceId, privateKey: der.toString('base64') }),
      0o600,
    );
    return identity;
  }
  // Never replace a damaged key file: it is the device's identity and the earnings tied to it.
  let parsed: z.infer<typeof keyFileSchema>;
  try {
    parsed = keyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new DeviceKeyError(
      `The device key file ${file} is damaged. Restore it from a backup, or move it away to start as a new device (earnings already credited stay with the old device id).`,
    );
  }
  const identity = fromPrivateKey(
    createPrivateKey({ key: Buffer.from(parsed.privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
  );
  if (identity.deviceId !== parsed.deviceId) {
    throw new DeviceKeyError(`The device key file ${file} does not match its device id ${parsed.deviceId}.`);
  }
  return identity;
}

function fromPrivateKey(privateKey: KeyObject): DeviceIdentity {
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return {
    deviceId: bs58.encode(publicKey),
    publicKey,
    sign: (message) =>
      new Uint8Array(sign(null, typeof message === 'string' ? Buffer.from(message) : message, privateKey)),
  };
}
