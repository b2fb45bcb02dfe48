// One memory phase against the built-in verifier, after an accepted compute phase: fill, walk with
// a fresh seed on the verifier's clock, re-walk k walkers. The buffer is released whatever happens.
import type {
  PogChallenge,
  PogMemoryCommitment,
  PogMemoryReady,
  PogMemoryTrace,
} from '../../../../common/proof-of-gpu.js';
import {
  chooseMemoryOpenings,
  verifyMemoryCommitment,
  verifyMemoryOpenings,
  verifyMemoryReady,
  type MemoryVerdict,
} from '../../../../common/node/proof/memory-verifier.js';
import type { DeviceIdentity } from '../../../identity/device-identity.js';
import { commitToWalk, openWalk, readyForWalk } from './memory-client.js';
import type { MemoryBackend } from './prover-client.js';

export interface MemoryRoundResult {
  verdict: MemoryVerdict;
  bytes: number;
  /** The prover's own fill time (not timed by the verifier: holding, not filling, is the proof). */
  fillMs: number;
  /** The verifier's clock from walk seed to walk commitment. */
  walkMs: number;
  verifierMs: number;
  compressions: number;
}

export interface MemoryHooks {
  /** Test hooks: what a cheating prover does to its answers on the way out. */
  alterReady?: (r: PogMemoryReady) => PogMemoryReady;
  alterWalkCommitment?: (c: PogMemoryCommitment) => PogMemoryCommitment;
  alterTraces?: (t: PogMemoryTrace[]) => PogMemoryTrace[];
}

export async function runMemoryRound(
  identity: DeviceIdentity,
  backend: MemoryBackend,
  challenge: PogChallenge,
  hooks: MemoryHooks = {},
): Promise<MemoryRoundResult> {
  const bytes = challenge.memory!.bytes;
  let verifierMs = 0;
  const timed = <T>(f: () => T): T => {
    const cpu = performance.now();
    try {
      return f();
    } finally {
      verifierMs += performance.now() - cpu;
    }
  };
  try {
    let ready = await readyForWalk(identity, backend, challenge);
    ready = hooks.alterReady?.(ready) ?? ready;
    const result = (verdict: MemoryVerdict, walkMs = 0, compressions = 0): MemoryRoundResult => ({
      verdict,
      bytes,
      fillMs: ready.body.fillMs,
      walkMs,
      verifierMs,
      compressions,
    });
    const start = timed(() => verifyMemoryReady(challenge, ready, Date.now()));
    if (!start.ok) return result(start.verdict);
    let commitment = await commitToWalk(identity, backend, challenge, start.walk);
    const receivedAt = Date.now();
    commitment = hooks.alterWalkCommitment?.(commitment) ?? commitment;
    const walkMs = receivedAt - start.issuedAt;
    const check = timed(() => verifyMemoryCommitment(challenge, start, commitment, receivedAt));
    if (!check.ok) return result(check.verdict, walkMs);
    const request = chooseMemoryOpenings(challenge);
    const answer = await openWalk(backend, challenge, start.walk, request);
    answer.traces = hooks.alterTraces?.(answer.traces) ?? answer.traces;
    const opened = timed(() => verifyMemoryOpenings(challenge, start, check, request, answer));
    return result(opened.verdict, walkMs, opened.ops.compressions);
  } finally {
    await backend.release();
  }
}
