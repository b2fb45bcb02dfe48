// One full proof-of-GPU round against the built-in verifier: what `io-provider prove --self-check`
// runs, and what the tests drive with honest and cheating provers.
import type { PogChallenge, PogCommitment, PogOpenedSegment, PogVerdict } from '../../common/proof-of-gpu.js';
import {
  chooseOpenings,
  createChallenge,
  verifyCommitment,
  verifyOpenings,
  type ChallengeOptions,
} from '../../coordinator/proof/verifier.js';
import type { DeviceIdentity } from '../identity/device-identity.js';
import { commitToChallenge, type ProverBackend } from './prover-client.js';

export interface SelfCheckResult {
  verdict: PogVerdict;
  challenge: PogChallenge;
  /** The verifier's clock from issue to commitment. */
  proverMs: number;
  /** The verifier's own CPU time: commitment check plus openings. */
  verifierMs: number;
  ops: { hashes: number; macs: number };
}

export interface SelfCheckOptions extends ChallengeOptions {
  claimedClass: string;
  /** Test hooks: what a cheating prover does to its answers on the way out. */
  alterCommitment?: (c: PogCommitment) => PogCommitment;
  alterSegments?: (s: PogOpenedSegment[]) => PogOpenedSegment[];
  /** The seed the prover computes with (a cheat: a seed of its own choosing). */
  proverSeed?: string;
}

export async function runSelfCheck(
  identity: DeviceIdentity,
  backend: ProverBackend,
  options: SelfCheckOptions,
): Promise<SelfCheckResult> {
  const challenge = createChallenge(identity, options.claimedClass, { ...options, now: Date.now() });
  const proverChallenge = { ...challenge, seed: options.proverSeed ?? challenge.seed };
  let commitment = await commitToChallenge(identity, backend, proverChallenge);
  const receivedAt = Date.now();
  commitment = options.alterCommitment?.(commitment) ?? commitment;
  const proverMs = receivedAt - challenge.issuedAt;
  let cpu = performance.now();
  const check = verifyCommitment(challenge, commitment, receivedAt);
  let verifierMs = performance.now() - cpu;
  if (!check.ok)
    return { verdict: check.verdict, challenge, proverMs, verifierMs, ops: { hashes: 0, macs: 0 } };
  const request = chooseOpenings(challenge);
  const p = { seed: proverChallenge.seed, n: challenge.n, S: challenge.S };
  let segments = await backend.open(p, request.openings);
  segments = options.alterSegments?.(segments) ?? segments;
  cpu = performance.now();
  const result = verifyOpenings(challenge, check, request, { challengeId: challenge.challengeId, segments });
  verifierMs += performance.now() - cpu;
  return { verdict: result.verdict, challenge, proverMs, verifierMs, ops: result.ops };
}
