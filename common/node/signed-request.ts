// Every request a device makes to the network is signed with its ed25519 key, over the method, the
// path with its query, a timestamp, a one-time nonce and the body's sha256. The timestamp bounds how
// long a captured request stays usable; the nonce (remembered by the server for that long) makes it
// usable once. The signing side and the checking side share this file so they cannot drift apart.
import { randomBytes } from 'node:crypto';
import { verifyDeviceSignature, type DeviceIdentity } from './ed25519.js';
import { sha256Hex } from './hash.js';

export const SIGNED_HEADERS = {
  device: 'x-io-device',
  timestamp: 'x-io-timestamp',
  nonce: 'x-io-nonce',
  signature: 'x-io-signature',
} as const;

/** How far a request's clock may be from the server's, either way. */
export const SIGNATURE_WINDOW_MS = 60_000;
const NONCE = /^[0-9a-f]{32,128}$/;

export type SignedHeaders = Record<(typeof SIGNED_HEADERS)[keyof typeof SIGNED_HEADERS], string>;

/** The exact bytes that are signed: METHOD, path?query, timestamp, nonce, sha256(body) hex. */
export function canonicalRequest(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: string | Uint8Array,
): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${sha256Hex(body)}`;
}

export function signRequest(
  identity: DeviceIdentity,
  method: string,
  pathWithQuery: string,
  body: string | Uint8Array = '',
  now = Date.now(),
): SignedHeaders {
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('hex');
  const signature = identity.sign(canonicalRequest(method, pathWithQuery, timestamp, nonce, body));
  return {
    [SIGNED_HEADERS.device]: identity.deviceId,
    [SIGNED_HEADERS.timestamp]: timestamp,
    [SIGNED_HEADERS.nonce]: nonce,
    [SIGNED_HEADERS.signature]: Buffer.from(signature).toString('base64'),
  };
}

export interface SignedRequestCheck {
  deviceId: string;
  nonce: string;
  timestamp: number;
}

export class SignedRequestError extends Error {
  override readonly name = 'SignedRequestError';
}

/**
 * Checks the headers, the clock window and the signature (the device id is the public key, so no
 * lookup is needed for that). Whether the device is registered and the nonce fresh is the server's
 * part: it needs storage.
 */
export function checkSignedRequest(
  headers: Record<string, string | string[] | undefined>,
  method: string,
  pathWithQuery: string,
  body: string | Uint8Array,
  now = Date.now(),
): SignedRequestCheck {
  const get = (name: string) => {
    const value = headers[name];
    if (typeof value !== 'string' || !value)
      throw new SignedRequestError(`missing header ${name}: every device request must be signed`);
    return value;
  };
  const deviceId = get(SIGNED_HEADERS.device);
  const timestampText = get(SIGNED_HEADERS.timestamp);
  const nonce = get(SIGNED_HEADERS.nonce);
  const signature = get(SIGNED_HEADERS.signature);
  const timestamp = Number(timestampText);
  if (!/^\d{1,16}$/.test(timestampText))
    throw new SignedRequestError(`${SIGNED_HEADERS.timestamp} must be milliseconds since the epoch`);
  if (Math.abs(now - timestamp) > SIGNATURE_WINDOW_MS)
    throw new SignedRequestError(
      `request timestamp is ${Math.round((timestamp - now) / 1000)} s from the server's clock (allowed: ±${SIGNATURE_WINDOW_MS / 1000} s); check the device clock`,
    );
  if (!NONCE.test(nonce))
    throw new SignedRequestError(`${SIGNED_HEADERS.nonce} must be 16 to 64 random bytes in lowercase hex`);
  const signatureBytes = Buffer.from(signature, 'base64');
  const message = canonicalRequest(method, pathWithQuery, timestampText, nonce, body);
  if (!verifyDeviceSignature(deviceId, message, signatureBytes))
    throw new SignedRequestError(`signature does not verify for device ${deviceId}`);
  return { deviceId, nonce, timestamp };
}
