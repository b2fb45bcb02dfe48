// The main side of the proof of GPU: runs the prover in the GPU worker and signs its commitment
// with the device key, bound to the challenge id, nonce and device id (no replay, no other key).
import { canonicalJson } from '../../common/canonical-json.js';
import type {
  PogChallenge,
  PogCommitment,
  PogCommitmentBody,
  PogOpenedSegment,
  PogOpening,
} from '../../common/proof-of-gpu.js';
import type { GpuWorkerClient } from '../gpu/gpu-worker-client.js';
import type { DeviceIdentity } from '../identity/device-identity.js';

export interface ProverRoots {
  topRoot: string;
  blockRoots: string[];
  proverMs: number;
}

/** Where the GPU work happens: the worker process, or an in-process context in tests. */
export interface ProverBackend {
  commit(p: { seed: string; n: number; S: number }): Promise<ProverRoots>;
  open(p: { seed: string; n: number; S: number }, openings: PogOpening[]): Promise<PogOpenedSegment[]>;
}

/**
 * A long challenge (S blocks in one task) sends a heartbeat per submit; the first one waits for the
 * pipelines to compile, which a cold driver may take seconds for.
 */
const CALL_BUDGETS = { submitBudgetMs: 30_000, firstBudgetMs: 60_000 };

export function workerBackend(
  client: GpuWorkerClient,
  onProgress?: (fraction: number, label: string) => void,
): ProverBackend {
  const options = { ...CALL_BUDGETS, ...(onProgress ? { onProgress } : {}) };
  return {
    commit: (p) => client.call('prove-commit', p, options),
    open: async (p, openings) => (await client.call('prove-open', { ...p, openings }, options)).segments,
  };
}

export function signCommitment(
  identity: DeviceIdentity,
  challenge: PogChallenge,
  roots: ProverRoots,
): PogCommitment {
  const body: PogCommitmentBody = {
    challengeId: challenge.challengeId,
    nonce: challenge.nonce,
    deviceId: identity.deviceId,
    topRoot: roots.topRoot,
    blockRoots: roots.blockRoots,
    proverMs: roots.proverMs,
  };
  return { body, signature: Buffer.from(identity.sign(canonicalJson(body))).toString('hex') };
}

/** Computes and signs the commitment for a challenge. */
export async function commitToChallenge(
  identity: DeviceIdentity,
  backend: ProverBackend,
  challenge: PogChallenge,
): Promise<PogCommitment> {
  const roots = await backend.commit({ seed: challenge.seed, n: challenge.n, S: challenge.S });
  return signCommitment(identity, challenge, roots);
}
