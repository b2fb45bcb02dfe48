// The proof-of-GPU prover on the CPU, for small challenges (n = 64..128): the GPU's work done in
// doubles from common/proof-of-gpu-math.ts (the shaders' bit-exact reference), so coordinator tests
// can answer challenges over HTTP honestly, or with one chosen cheat, without a GPU.
import {
  digestKey,
  generateMatrix,
  leafDigest,
  matrixKey,
  merkleRoot,
  nodeDigest,
  seedBytes,
} from '../../common/proof-of-gpu-math.js';
import type {
  PogChallenge,
  PogCommitment,
  PogOpeningAnswer,
  PogOpeningRequest,
  PogVerdict,
} from '../../common/proof-of-gpu.js';
import type { DeviceStatusResponse, ProofCommitmentResponse } from '../../common/network-api.js';
import { signCommitment } from '../../main/proof/prover-client.js';
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
  verdict?: Reply<{ verdict: PogVerdict; device: DeviceStatusResponse }>;
}

export interface RoundOptions {
  /** Runs between the challenge and the commitment (a test advances its clock here). */
  beforeCommit?: () => void;
  /** Computes with another seed than the challenge's (a device answering some other challenge). */
  proverSeed?: string;
  /** Commits to an all-zero product (a device that skipped the work). */
  skipWork?: boolean;
}

/** One full round over HTTP: challenge, honest (or chosen) work on the CPU, commitment, openings. */
export async function proveOverHttp(device: SimDevice, o: RoundOptions = {}): Promise<ProofRound> {
  const issued = await device.request<PogChallenge>('POST', '/v1/proof/challenge', {});
  if (issued.status !== 200) throw new Error(`challenge refused: ${JSON.stringify(issued.body)}`);
  const challenge = issued.body;
  const prover = cpuProve({ ...challenge, seed: o.proverSeed ?? challenge.seed }, o.skipWork);
  o.beforeCommit?.();
  const commitment = signCommitment(device.identity, challenge, { ...prover, proverMs: 1 });
  const committed = await device.request<ProofCommitmentResponse>('POST', '/v1/proof/commitment', commitment);
  if (committed.status !== 200 || !committed.body.openings) return { challenge, commitment, committed };
  const answer = prover.open(committed.body.openings, challenge.challengeId);
  const verdict = await device.request('POST', '/v1/proof/openings', answer);
  return { challenge, commitment, committed, answer, verdict };
}
