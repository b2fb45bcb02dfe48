// One full proof-of-GPU round against the built-in verifier: what `io-provider prove --self-check`
// runs, and what the tests drive with honest and cheating provers. A version 2 challenge (the
// `memory` option) runs the memory phase after an accepted compute phase.
import type {
  PogChallenge,
  PogCommitment,
  PogOpenedSegment,
  PogVerdict,
} from '../../../../common/proof-of-gpu.js';
import {
  chooseOpenings,
  createChallenge,
  verifyCommitment,
  verifyOpenings,
  type ChallengeOptions,
} from '../../../../common/node/proof/verifier.js';
import { withMemory } from '../../../../common/node/proof/memory-verifier.js';
import type { DeviceIdentity } from '../../../identity/device-identity.js';
import { runMemoryRound, type MemoryHooks, type MemoryRoundResult } from './memory-round.js';
import { commitToChallenge, type ProverBackend } from './prover-client.js';

export interface SelfCheckResult {
  verdict: PogVerdict;
  challenge: PogChallenge;
  /** The verifier's clock from issue to commitment. */
  proverMs: number;
  /** The verifier's own CPU time: commitment check plus openings. */
  verifierMs: number;
  ops: { hashes: number; macs: number };
  /** The memory phase, when the challenge had one and the compute phase passed. */
  memory?: MemoryRoundResult;
}

export interface SelfCheckOptions extends ChallengeOptions, MemoryHooks {
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
  const computed = { verdict: result.verdict, challenge, proverMs, verifierMs, ops: result.ops };
  if (!challenge.memory || !result.verdict.accepted) return computed;
  if (!backend.memory) throw new Error('this prover has no memory phase for a version 2 challenge');
  const memory = await runMemoryRound(identity, backend.memory, challenge, options);
  return { ...computed, verdict: withMemory(result.verdict, memory.verdict), memory };
}
