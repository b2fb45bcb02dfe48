// The proof-of-GPU prover on the CPU, for small challenges (n = 64..128, a small memory phase): the
// GPU's work done in doubles from common/node/proof/proof-of-gpu-math.ts (the shaders' bit-exact reference) and
// the memory phase from cpu-memory-prover.ts, so coordinator tests can answer challenges over HTTP
// honestly, or with one chosen cheat, without a GPU.
import {
  digestKey,
  generateMatrix,
  leafDigest,
  matrixKey,
  merkleRoot,
  nodeDigest,
  seedBytes,
} from '../../common/node/proof/proof-of-gpu-math.js';
import type {
  PogChallenge,
  PogCommitment,
  PogMemoryAnswer,
  PogMemoryCommitment,
  PogMemoryOpeningRequest,
  PogMemoryReady,
  PogMemoryWalk,
  PogOpeningAnswer,
  PogOpeningRequest,
  PogVerdict,
} from '../../common/proof-of-gpu.js';
import type {
  ProofCommitmentResponse,
  ProofLimits,
  ProofMemoryCommitmentResponse,
  ProofMemoryWalkResponse,
  ProofOpeningsResponse,
  ProofVerdictResponse,
} from '../../common/network-api.js';
import { signBody, signCommitment } from '../../main/gpu/host/proof/prover-client.js';
import { cpuMemoryBuffer, cpuMemoryWalk } from './cpu-memory-prover.js';
import type { Reply, SimDevice } from './sim-device.js';

/**
 * C = A_s B for every block and each block's Merkle tree, leaves first. `skipWork`: a cheat that
 * leaves C at zero but digests it correctly, so only the values give it away.
 */
export function cpuProve(challenge: Pick<PogChallenge, 'seed' | 'n' | 'S'>, skipWork = false) {
  const { n } = challenge;
  const segs = n / 64;
  const seed = seedBytes(challenge.seed);
  const b = generateMatrix(matrixKey(seed, 'B', 0), n);
  const key = digestKey(seed);
  const blocks = Array.from({ length: challenge.S }, (_, s) => {
    const a = generateMatrix(matrixKey(seed, 'A', s), n);
    const c = new Float64Array(n * n);
    for (let i = 0; i < (skipWork ? 0 : n); i++)
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]!;
        for (let col = 0; col < n; col++) c[i * n + col] = c[i * n + col]! + x * b[j * n + col]!;
      }
    const levels: Buffer[][] = [[]];
    for (let i = 0; i < n; i++)
      for (let J = 0; J < segs; J++)
        levels[0]!.push(leafDigest(key, s, i, J, c.subarray(i * n + J * 64, i * n + J * 64 + 64)));
    while (levels.at(-1)!.length > 1) {
      const below = levels.at(-1)!;
      levels.push(
        Array.from({ length: below.length / 2 }, (_, i) => nodeDigest(below[2 * i]!, below[2 * i + 1]!)),
      );
    }
    return { c, levels };
  });
  const blockRoots = blocks.map((block) => block.levels.at(-1)![0]!.toString('hex'));
  return {
    blockRoots,
    topRoot: merkleRoot(blockRoots.map((r) => Buffer.from(r, 'hex'))).toString('hex'),
    open(request: PogOpeningRequest, challengeId: string): PogOpeningAnswer {
      const segments = request.openings.map((o) => {
        const { c, levels } = blocks[o.block]!;
        const path: string[] = [];
        let index = o.row * segs + o.col;
        for (const level of levels.slice(0, -1)) {
          path.push(level[index ^ 1]!.toString('hex'));
          index >>= 1;
        }
        const start = o.row * n + o.col * 64;
        return { ...o, values: Array.from(c.subarray(start, start + 64)), path };
      });
      return { challengeId, segments };
    },
  };
}

export interface ProofRound {
  challenge: PogChallenge;
  commitment: PogCommitment;
  committed: Reply<ProofCommitmentResponse>;
  /** The openings answer and its reply; absent when the commitment was rejected. */
  answer?: PogOpeningAnswer;
  opened?: Reply<ProofOpeningsResponse>;
  /** The memory phase, when the compute phase passed on a version 2 challenge. */
  memory?: MemoryRound;
  /** The final verdict's reply, whichever step gave it; absent when a step was refused. */
  verdict?: Reply<ProofVerdictResponse>;
}

export interface RoundOptions extends MemoryRoundOptions {
  /** Sent with the challenge request: the adapter's storage limits. */
  limits?: ProofLimits;
  /** Runs between the challenge and the commitment (a test advances its clock here). */
  beforeCommit?: () => void;
  /** Computes with another seed than the challenge's (a device answering some other challenge). */
  proverSeed?: string;
  /** Commits to an all-zero product (a device that skipped the work). */
  skipWork?: boolean;
  /** Stops once the compute phase passed, before the memory phase's first message. */
  computeOnly?: boolean;
}

/** One full round over HTTP: challenge, honest (or chosen) work on the CPU, both phases. */
export async function proveOverHttp(device: SimDevice, o: RoundOptions = {}): Promise<ProofRound> {
  const issued = await device.request<PogChallenge>(
    'POST',
    '/v1/proof/challenge',
    o.limits ? { limits: o.limits } : {},
  );
  if (issued.status !== 200) throw new Error(`challenge refused: ${JSON.stringify(issued.body)}`);
  const challenge = issued.body;
  const prover = cpuProve({ ...challenge, seed: o.proverSeed ?? challenge.seed }, o.skipWork);
  o.beforeCommit?.();
  const commitment = signCommitment(device.identity, challenge, { ...prover, proverMs: 1 });
  const committed = await device.request<ProofCommitmentResponse>('POST', '/v1/proof/commitment', commitment);
  const round: ProofRound = { challenge, commitment, committed };
  if (committed.status !== 200 || !committed.body.openings) return round;
  round.answer = prover.open(committed.body.openings, challenge.challengeId);
  round.opened = await device.request<ProofOpeningsResponse>('POST', '/v1/proof/openings', round.answer);
  if (round.opened.status !== 200) return round;
  if (round.opened.body.verdict) return { ...round, verdict: round.opened as Reply<ProofVerdictResponse> };
  if (o.computeOnly) return round;
  round.memory = await proveMemoryOverHttp(device, challenge, o);
  return { ...round, verdict: round.memory.verdict };
}

/** A memory phase the CPU prover answers in milliseconds: 256 items of 4 hashes, 48 walkers of 8 steps. */
export const SMALL_MEMORY = { bytes: 8192, hashes: 4, walkers: 16, batches: 3, steps: 8, k: 12 };

/**
 * SMALL_MEMORY over a 512 KiB buffer (~70 ms on the CPU): a device proven with it holds a tier-0
 * tile's buffers (~400 KB), so the coordinator leases it the sandbox workload (it leases a job only
 * to a device that proved the GPU memory the job needs).
 */
export const TILE_MEMORY = { ...SMALL_MEMORY, bytes: 512 * 1024 };

export interface MemoryRoundOptions {
  /** Items of the buffer the device holds (it reads a held one in place of a missing one). */
  held?: number;
  /** What the "buffer filled" message says the device could allocate (default: the challenge's). */
  heldBytes?: number;
  /** Runs between the walk seed and the walk commitment (a test advances its clock here). */
  beforeWalkCommit?: () => void;
}

export interface MemoryRound {
  ready: PogMemoryReady;
  walked: Reply<ProofMemoryWalkResponse>;
  walkCommitment?: PogMemoryCommitment;
  walkCommitted?: Reply<ProofMemoryCommitmentResponse>;
  answer?: PogMemoryAnswer;
  /** The final verdict's reply, whichever step gave it. */
  verdict?: Reply<ProofVerdictResponse>;
}

/** The device's signed memory messages, bound to the challenge as main/gpu/host/proof/memory-client.ts does. */
export function memoryMessages(device: SimDevice, challenge: PogChallenge, o: MemoryRoundOptions = {}) {
  const binding = { challengeId: challenge.challengeId, nonce: challenge.nonce, deviceId: device.id };
  const buffer = cpuMemoryBuffer(challenge, o.held);
  return {
    ready: signBody(device.identity, {
      ...binding,
      heldBytes: o.heldBytes ?? challenge.memory!.bytes,
      fillMs: 1,
    }),
    walk(walk: PogMemoryWalk) {
      const walker = cpuMemoryWalk(challenge, buffer, walk);
      return {
        commitment: signBody(device.identity, { ...binding, walkSeed: walk.walkSeed, ...walker.roots }),
        open: (request: PogMemoryOpeningRequest): PogMemoryAnswer => ({
          challengeId: challenge.challengeId,
          traces: request.openings.map(walker.open),
        }),
      };
    },
  };
}

/** The memory phase over HTTP after an accepted compute phase: ready, walk, openings. */
export async function proveMemoryOverHttp(
  device: SimDevice,
  challenge: PogChallenge,
  o: MemoryRoundOptions = {},
): Promise<MemoryRound> {
  const messages = memoryMessages(device, challenge, o);
  const { ready } = messages;
  const walked = await device.request<ProofMemoryWalkResponse>('POST', '/v1/proof/memory/ready', ready);
  const final = (reply: Reply<{ verdict: PogVerdict | null }>) =>
    reply.status === 200 && reply.body.verdict ? (reply as Reply<ProofVerdictResponse>) : undefined;
  if (walked.status !== 200 || !walked.body.walk) return { ready, walked, verdict: final(walked) };
  o.beforeWalkCommit?.();
  const walk = messages.walk(walked.body.walk);
  const walkCommitted = await device.request<ProofMemoryCommitmentResponse>(
    'POST',
    '/v1/proof/memory/commitment',
    walk.commitment,
  );
  const round = { ready, walked, walkCommitment: walk.commitment, walkCommitted };
  if (walkCommitted.status !== 200 || !walkCommitted.body.openings)
    return { ...round, verdict: final(walkCommitted) };
  const answer = walk.open(walkCommitted.body.openings);
  const verdict = await device.request<ProofVerdictResponse>('POST', '/v1/proof/memory/openings', answer);
  return { ...round, answer, verdict };
}
