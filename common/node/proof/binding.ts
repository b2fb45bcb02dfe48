// What every signed proof-of-GPU message must show before anything in it counts: it answers this
// challenge (id and nonce: no replay), names this device, and is signed by this device's key over
// its canonical JSON.
import { canonicalJson } from '../../canonical-json.js';
import type { PogChallenge } from '../../proof-of-gpu.js';
import { verifyDeviceSignature } from '../ed25519.js';

export interface SignedBody {
  challengeId: string;
  nonce: string;
  deviceId: string;
}

/** Why a signed message does not belong to this challenge and device; null when it does. */
export function bindingProblem(
  challenge: PogChallenge,
  body: SignedBody,
  signature: string,
  what = 'commitment',
): string | null {
  if (body.challengeId !== challenge.challengeId || body.nonce !== challenge.nonce) {
    return 'the answer belongs to another challenge (a replayed or stale answer)';
  }
  if (body.deviceId !== challenge.deviceId) {
    return `the answer names device ${body.deviceId}, the challenge was for ${challenge.deviceId}`;
  }
  if (!verifyDeviceSignature(challenge.deviceId, canonicalJson(body), Buffer.from(signature, 'hex'))) {
    return `the ${what} is not signed by this device's key`;
  }
  return null;
}
