// The proof-of-GPU verifier: pure TypeScript the coordinator runs and the app can run against
// itself. Issue a challenge, check the signed commitment and its timing, pick the openings with
// fresh randomness (only after the commitment: openings derived from it would let a cheater grind),
// then check every opening's Merkle path and, with Freivalds' method, its values.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { describeZodError } from '../../zod-errors.js';
import {
  POG_N,
  POG_OPENINGS,
  POG_SEGMENT,
  pogCommitmentSchema,
  pogOpeningAnswerSchema,
  type PogChallenge,
  type PogCommitment,
  type PogOpeningRequest,
  type PogVerdict,
} from '../../proof-of-gpu.js';
import { digestKey, leafDigest, merkleRoot, rootFromPath, seedBytes } from './proof-of-gpu-math.js';
import { bindingProblem } from './binding.js';
import { blocksFor, challengeFlops, proofClass, provenClass } from './classes.js';
import { FreivaldsChecker, type OperationCount } from './freivalds.js';
import { memorySpec, type MemoryOptions } from './memory-classes.js';

export interface ChallengeOptions {
  n?: number;
  /** Blocks; by default sized so the claimed class needs ~2.5 s. */
  S?: number;
  k?: number;
  /** Overrides the class's reference time (tests of a slow device). */
  referenceMs?: number;
  /** Honest GPUs vary (clocks, drivers, a browser tab): 3x the reference still rules out a lesser class two steps down. */
  toleranceFactor?: number;
  /** Network round trip plus worker start and shader compiles, outside the GPU's control. */
  allowanceMs?: number;
  now?: number;
  /** Adds the memory phase (a version 2 challenge) where the class has VRAM of its own. */
  memory?: MemoryOptions;
}

export function createChallenge(
  device: { deviceId: string },
  claimedClass: string,
  o: ChallengeOptions = {},
): PogChallenge {
  const n = o.n ?? POG_N;
  const cls = proofClass(claimedClass);
  const S = o.S ?? blocksFor(cls, n);
  const referenceMs = o.referenceMs ?? challengeFlops(n, S) / (cls.gflops * 1e6);
  const toleranceFactor = o.toleranceFactor ?? 3;
  const memory = o.memory ? memorySpec(claimedClass, o.memory) : null;
  return {
    version: memory ? 2 : 1,
    challengeId: randomUUID(),
    deviceId: device.deviceId,
    seed: randomBytes(32).toString('hex'),
    n,
    S,
    k: o.k ?? POG_OPENINGS,
    claimedClass,
    referenceMs,
    toleranceFactor,
    issuedAt: o.now ?? Date.now(),
    deadlineMs: toleranceFactor * referenceMs + (o.allowanceMs ?? 5000),
    nonce: randomBytes(32).toString('hex'),
    ...(memory ? { memory } : {}),
  };
}

export type CommitmentCheck =
  | { ok: true; commitment: PogCommitment; elapsedMs: number; measuredGflops: number }
  | { ok: false; verdict: PogVerdict };

const reject = (reason: string, measuredGflops = 0): PogVerdict => ({
  accepted: false,
  reason,
  measuredGflops,
  provenClass: null,
});
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Checks binding, signature, roots and timing. `receivedAt` is the verifier's clock on arrival. */
export function verifyCommitment(
  challenge: PogChallenge,
  input: unknown,
  receivedAt: number,
): CommitmentCheck {
  const parsed = pogCommitmentSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, verdict: reject(`malformed commitment: ${describeZodError(parsed.error)}`) };
  const { body, signature } = parsed.data;
  const problem = bindingProblem(challenge, body, signature);
  if (problem) return { ok: false, verdict: reject(problem) };
  if (body.blockRoots.length !== challenge.S) {
    return {
      ok: false,
      verdict: reject(`the commitment has ${body.blockRoots.length} block roots, expected ${challenge.S}`),
    };
  }
  if (merkleRoot(body.blockRoots.map((r) => Buffer.from(r, 'hex'))).toString('hex') !== body.topRoot) {
    return { ok: false, verdict: reject('the top root does not match the block roots') };
  }
  const elapsedMs = Math.max(1, receivedAt - challenge.issuedAt);
  const measuredGflops = challengeFlops(challenge.n, challenge.S) / (elapsedMs * 1e6);
  if (elapsedMs > challenge.deadlineMs) {
    const expected = proofClass(challenge.claimedClass).gflops;
    return {
      ok: false,
      verdict: reject(
        `timed out after ${seconds(elapsedMs)} (expected <= ${seconds(challenge.deadlineMs)}): the GPU reached ` +
          `${measuredGflops.toFixed(1)} GFLOPS where a ${challenge.claimedClass} reaches ~${expected.toFixed(0)}; ` +
          'another program was using the GPU, it was throttled, or it is not the GPU it claims to be',
        measuredGflops,
      ),
    };
  }
  return { ok: true, commitment: parsed.data, elapsedMs, measuredGflops };
}

/** k segments drawn uniformly with replacement, from the verifier's own randomness. */
export function chooseOpenings(
  challenge: PogChallenge,
  random: (max: number) => number = (max) => randomInt(max),
): PogOpeningRequest {
  const segs = challenge.n / POG_SEGMENT;
  return {
    challengeId: challenge.challengeId,
    openings: Array.from({ length: challenge.k }, () => ({
      block: random(challenge.S),
      row: random(challenge.n),
      col: random(segs),
    })),
  };
}

export interface OpeningsResult {
  verdict: PogVerdict;
  ops: OperationCount;
}

export function verifyOpenings(
  challenge: PogChallenge,
  check: Extract<CommitmentCheck, { ok: true }>,
  request: PogOpeningRequest,
  input: unknown,
): OpeningsResult {
  const checker = new FreivaldsChecker(challenge.seed, challenge.n);
  const done = (verdict: PogVerdict) => ({ verdict, ops: checker.ops });
  const parsed = pogOpeningAnswerSchema.safeParse(input);
  if (!parsed.success) return done(reject(`malformed openings: ${describeZodError(parsed.error)}`));
  const { segments } = parsed.data;
  if (parsed.data.challengeId !== challenge.challengeId || segments.length !== request.openings.length) {
    return done(reject('the openings do not answer this challenge'));
  }
  const key = digestKey(seedBytes(challenge.seed));
  const segs = challenge.n / POG_SEGMENT;
  const depth = Math.log2(challenge.n * segs);
  const roots = check.commitment.body.blockRoots;
  for (const [i, seg] of segments.entries()) {
    const asked = request.openings[i]!;
    if (
      seg.block !== asked.block ||
      seg.row !== asked.row ||
      seg.col !== asked.col ||
      seg.path.length !== depth
    ) {
      return done(reject(`opening ${i} answers a different segment than asked`));
    }
    const leaf = leafDigest(key, seg.block, seg.row, seg.col, seg.values);
    const root = rootFromPath(
      leaf,
      seg.row * segs + seg.col,
      seg.path.map((p) => Buffer.from(p, 'hex')),
    );
    if (root.toString('hex') !== roots[seg.block]) {
      return done(reject(`opening ${i} (block ${seg.block}, row ${seg.row}) does not match the commitment`));
    }
    if (!checker.check(seg.block, seg.row, seg.col, seg.values)) {
      return done(
        reject(
          `wrong result in block ${seg.block}, row ${seg.row}, columns ${seg.col * POG_SEGMENT}..${seg.col * POG_SEGMENT + 63}: ` +
            'the GPU did not compute the challenge (skipped work, a wrong seed, or faulty hardware)',
        ),
      );
    }
  }
  const measured = check.measuredGflops;
  return done({ accepted: true, reason: 'ok', measuredGflops: measured, provenClass: provenClass(measured) });
}
