// The memory phase's verifier: pure TypeScript, run after the compute phase's. The device fills its
// buffer and says so (signed, with what it could allocate); only then does the verifier send a
// fresh walk seed and start its clock; the signed walk commitment must arrive by the deadline; then
// k walkers, drawn with the verifier's own randomness, are re-walked step by step against items the
// verifier computes itself. The arithmetic is in memory-classes.ts.
import { randomBytes, randomInt } from 'node:crypto';
import {
  pogMemoryAnswerSchema,
  pogMemoryCommitmentSchema,
  pogMemoryReadySchema,
  type PogChallenge,
  type PogMemoryCommitment,
  type PogMemoryOpeningRequest,
  type PogMemorySpec,
  type PogMemoryTrace,
  type PogMemoryWalk,
  type PogVerdict,
} from '../../proof-of-gpu.js';
import { merkleRoot, rootFromPath, seedBytes, wordsOf } from './proof-of-gpu-math.js';
import {
  memoryItem,
  memoryKey,
  stateBytes,
  stateFromHex,
  stepIndices,
  walkStart,
  walkStep,
} from './proof-of-gpu-memory.js';
import { formatBytes } from '../../format.js';
import { describeZodError } from '../../zod-errors.js';
import { bindingProblem } from './binding.js';
import { seconds } from './verifier.js';

export interface MemoryVerdict {
  accepted: boolean;
  /** 'ok', or a sentence the owner can act on starting "memory check failed: ". */
  reason: string;
  /** The buffer proved; null when the check failed. */
  memoryBytes: number | null;
}

/** The walk the verifier started: what it sent and when (its clock). */
export interface MemoryWalkStart {
  walk: PogMemoryWalk;
  issuedAt: number;
}

export type MemoryStep<T> = ({ ok: true } & T) | { ok: false; verdict: MemoryVerdict };

const FAILED = 'memory check failed: ';
const fail = (reason: string) => ({
  ok: false as const,
  verdict: { accepted: false, reason: FAILED + reason, memoryBytes: null },
});

function spec(challenge: PogChallenge): PogMemorySpec {
  if (!challenge.memory) throw new Error('this challenge has no memory phase');
  return challenge.memory;
}

/** The device's signed "buffer filled": a shortfall fails at once; otherwise the walk seed to send. */
export function verifyMemoryReady(
  challenge: PogChallenge,
  input: unknown,
  now = Date.now(),
): MemoryStep<MemoryWalkStart> {
  const memory = spec(challenge);
  const parsed = pogMemoryReadySchema.safeParse(input);
  if (!parsed.success) return fail(`malformed ready message: ${describeZodError(parsed.error)}`);
  const { body, signature } = parsed.data;
  const problem = bindingProblem(challenge, body, signature, 'ready message');
  if (problem) return fail(problem);
  if (body.heldBytes < memory.bytes) {
    return fail(
      `${formatBytes(body.heldBytes)} free, ${formatBytes(memory.bytes)} claimed: the GPU could not hold the ` +
        'buffer its class must (other programs are using GPU memory, or it has less than its class); ' +
        'close them, or let the device claim a smaller class',
    );
  }
  return {
    ok: true,
    walk: { challengeId: challenge.challengeId, walkSeed: randomBytes(32).toString('hex') },
    issuedAt: now,
  };
}

/** Binding, signature, roots and the walk's time on the verifier's clock. */
export function verifyMemoryCommitment(
  challenge: PogChallenge,
  start: MemoryWalkStart,
  input: unknown,
  receivedAt: number,
): MemoryStep<{ commitment: PogMemoryCommitment; elapsedMs: number }> {
  const memory = spec(challenge);
  const parsed = pogMemoryCommitmentSchema.safeParse(input);
  if (!parsed.success) return fail(`malformed walk commitment: ${describeZodError(parsed.error)}`);
  const { body, signature } = parsed.data;
  const problem = bindingProblem(challenge, body, signature, 'walk commitment');
  if (problem) return fail(problem);
  if (body.walkSeed !== start.walk.walkSeed) return fail('the walk used another walk seed (a stale answer)');
  if (body.batchRoots.length !== memory.batches) {
    return fail(`the walk commitment has ${body.batchRoots.length} batch roots, expected ${memory.batches}`);
  }
  if (merkleRoot(body.batchRoots.map((r) => Buffer.from(r, 'hex'))).toString('hex') !== body.topRoot) {
    return fail('the top root does not match the batch roots');
  }
  const elapsedMs = Math.max(1, receivedAt - start.issuedAt);
  if (elapsedMs > memory.deadlineMs) {
    return fail(
      `the walk over the ${formatBytes(memory.bytes)} buffer took ${seconds(elapsedMs)} (expected <= ` +
        `${seconds(memory.deadlineMs)}; the ${challenge.claimedClass} class needs ~${seconds(memory.referenceMs)} holding it): ` +
        'the device recomputed items it did not hold (less free GPU memory than claimed), or the GPU was busy ' +
        'or throttled; free GPU memory or let the device claim a smaller class',
    );
  }
  return { ok: true, commitment: parsed.data, elapsedMs };
}

/** k walkers uniformly with replacement, drawn only after the commitment. */
export function chooseMemoryOpenings(
  challenge: PogChallenge,
  random: (max: number) => number = (max) => randomInt(max),
): PogMemoryOpeningRequest {
  const memory = spec(challenge);
  return {
    challengeId: challenge.challengeId,
    openings: Array.from({ length: memory.k }, () => ({
      batch: random(memory.batches),
      walker: random(memory.walkers),
    })),
  };
}

export interface MemoryOpeningsResult {
  verdict: MemoryVerdict;
  /** SHA-256 compressions the verifier ran (items, steps, paths, top tree). */
  ops: { compressions: number };
}

export function verifyMemoryOpenings(
  challenge: PogChallenge,
  start: MemoryWalkStart,
  check: { commitment: PogMemoryCommitment },
  request: PogMemoryOpeningRequest,
  input: unknown,
): MemoryOpeningsResult {
  const memory = spec(challenge);
  const ops = { compressions: 2 * memory.batches };
  const done = (verdict: MemoryVerdict) => ({ verdict, ops });
  const parsed = pogMemoryAnswerSchema.safeParse(input);
  if (!parsed.success)
    return done(fail(`malformed walk openings: ${describeZodError(parsed.error)}`).verdict);
  const { traces } = parsed.data;
  if (parsed.data.challengeId !== challenge.challengeId || traces.length !== request.openings.length) {
    return done(fail('the walk openings do not answer this challenge').verdict);
  }
  const key = memoryKey(seedBytes(challenge.seed));
  const walkSeed = wordsOf(Buffer.from(start.walk.walkSeed, 'hex'));
  const items = memory.bytes / 32;
  const item = (g: number) => {
    ops.compressions += memory.hashes;
    return memoryItem(key, g, memory.hashes);
  };
  let wrongSteps = 0;
  let wrongWalks = 0;
  for (const [i, trace] of traces.entries()) {
    const asked = request.openings[i]!;
    const shapeProblem = traceShapeProblem(trace, asked, memory);
    if (shapeProblem) return done(fail(`walk ${i} ${shapeProblem}`).verdict);
    const states = trace.states.map(stateFromHex);
    ops.compressions += 1 + 2 * trace.path.length;
    if (!stateBytes(walkStart(walkSeed, trace.batch, trace.walker)).equals(stateBytes(states[0]!))) {
      return done(fail(`walk ${i} does not start from this walk's seed`).verdict);
    }
    const leaf = stateBytes(states[memory.steps]!);
    const root = rootFromPath(
      leaf,
      trace.walker,
      trace.path.map((p) => Buffer.from(p, 'hex')),
    );
    if (root.toString('hex') !== check.commitment.body.batchRoots[trace.batch]) {
      return done(
        fail(`walk ${i} (batch ${trace.batch}, walker ${trace.walker}) does not match the commitment`)
          .verdict,
      );
    }
    // Every step is checked on its own from the state before it, so the count of wrong steps says
    // how often the device read something other than the right item.
    let wrong = 0;
    for (let t = 0; t < memory.steps; t++) {
      const [g1, g2] = stepIndices(states[t]!, items);
      ops.compressions += 1;
      const next = walkStep(states[t]!, item(g1), item(g2));
      if (!stateBytes(next).equals(stateBytes(states[t + 1]!))) wrong++;
    }
    wrongSteps += wrong;
    if (wrong) wrongWalks++;
  }
  if (wrongWalks) {
    // A step is right when both its items are: 1 - p = h^2 for a device holding a share h.
    const checked = traces.length * memory.steps;
    const heldShare = Math.sqrt(1 - wrongSteps / checked);
    return done(
      fail(
        `${wrongWalks} of ${traces.length} re-walked walks read items that are not the buffer's (${wrongSteps} of ` +
          `${checked} steps): the device answered as if it held about ${formatBytes(heldShare * memory.bytes)} of the ` +
          `${formatBytes(memory.bytes)} claimed; free GPU memory or let the device claim a smaller class`,
      ).verdict,
    );
  }
  return done({ accepted: true, reason: 'ok', memoryBytes: memory.bytes });
}

function traceShapeProblem(
  trace: PogMemoryTrace,
  asked: { batch: number; walker: number },
  memory: PogMemorySpec,
) {
  if (trace.batch !== asked.batch || trace.walker !== asked.walker)
    return 'answers a different walker than asked';
  if (trace.states.length !== memory.steps + 1)
    return `has ${trace.states.length - 1} steps, expected ${memory.steps}`;
  if (trace.path.length !== Math.log2(memory.walkers)) return 'has a path of the wrong length';
  return null;
}

/** The whole proof's verdict: the compute phase's, failed by a failed memory phase. */
export function withMemory(verdict: PogVerdict, memory: MemoryVerdict): PogVerdict {
  if (!verdict.accepted) return verdict;
  if (!memory.accepted)
    return { ...verdict, accepted: false, reason: memory.reason, provenClass: null, memoryBytes: null };
  return { ...verdict, memoryBytes: memory.memoryBytes };
}
