// The main side of the memory phase: the messages the device signs (buffer filled, walk committed)
// and the openings it answers, around the GPU worker's memory tasks. A node talking to a network
// coordinator calls these in order: readyForWalk, (coordinator sends the walk seed) commitToWalk,
// (coordinator sends the walkers it re-walks) openWalk, then release.
import type {
  PogChallenge,
  PogMemoryAnswer,
  PogMemoryCommitment,
  PogMemoryOpeningRequest,
  PogMemoryReady,
  PogMemoryWalk,
} from '../../../../common/proof-of-gpu.js';
import type { DeviceIdentity } from '../../../identity/device-identity.js';
import { signBody, type MemoryBackend, type MemoryParams, type WalkParams } from './prover-client.js';

export function memoryParams(challenge: PogChallenge): MemoryParams {
  if (!challenge.memory) throw new Error('this challenge has no memory phase');
  return { seed: challenge.seed, bytes: challenge.memory.bytes, hashes: challenge.memory.hashes };
}

export function walkParams(challenge: PogChallenge, walk: PogMemoryWalk): WalkParams {
  const { walkers, batches, steps } = challenge.memory!;
  return { ...memoryParams(challenge), walkSeed: walk.walkSeed, walkers, batches, steps };
}

const binding = (identity: DeviceIdentity, challenge: PogChallenge) => ({
  challengeId: challenge.challengeId,
  nonce: challenge.nonce,
  deviceId: identity.deviceId,
});

/** Fills and holds the buffer; the signed message says how much this GPU could hold. */
export async function readyForWalk(
  identity: DeviceIdentity,
  backend: MemoryBackend,
  challenge: PogChallenge,
): Promise<PogMemoryReady> {
  const filled = await backend.fill(memoryParams(challenge));
  return signBody(identity, { ...binding(identity, challenge), ...filled });
}

/** The timed part: walks the held buffer with the verifier's seed and signs the roots. */
export async function commitToWalk(
  identity: DeviceIdentity,
  backend: MemoryBackend,
  challenge: PogChallenge,
  walk: PogMemoryWalk,
): Promise<PogMemoryCommitment> {
  const roots = await backend.walk(walkParams(challenge, walk));
  return signBody(identity, { ...binding(identity, challenge), walkSeed: walk.walkSeed, ...roots });
}

export async function openWalk(
  backend: MemoryBackend,
  challenge: PogChallenge,
  walk: PogMemoryWalk,
  request: PogMemoryOpeningRequest,
): Promise<PogMemoryAnswer> {
  const traces = await backend.open(walkParams(challenge, walk), request.openings);
  return { challengeId: challenge.challengeId, traces };
}
