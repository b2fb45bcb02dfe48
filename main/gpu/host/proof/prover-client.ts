// The main side of the proof of GPU: runs the prover in the GPU worker and signs its commitment
// with the device key, bound to the challenge id, nonce and device id (no replay, no other key).
import { canonicalJson } from '../../../../common/canonical-json.js';
import type {
  PogChallenge,
  PogCommitment,
  PogCommitmentBody,
  PogMemoryOpening,
  PogMemoryTrace,
  PogOpenedSegment,
  PogOpening,
} from '../../../../common/proof-of-gpu.js';
import type { GpuWorkerClient } from '../gpu-worker-client.js';
import type { DeviceIdentity } from '../../../identity/device-identity.js';

export interface ProverRoots {
  topRoot: string;
  blockRoots: string[];
  proverMs: number;
}

export interface MemoryParams {
  seed: string;
  bytes: number;
  hashes: number;
}

export interface WalkParams extends MemoryParams {
  walkSeed: string;
  walkers: number;
  batches: number;
  steps: number;
}

/** The memory phase's GPU side: it holds the filled buffer from `fill` until `release`. */
export interface MemoryBackend {
  fill(p: MemoryParams): Promise<{ heldBytes: number; fillMs: number }>;
  walk(p: WalkParams): Promise<{ topRoot: string; batchRoots: string[]; proverMs: number }>;
  open(p: WalkParams, openings: PogMemoryOpening[]): Promise<PogMemoryTrace[]>;
  release(): Promise<void>;
}

/** Where the GPU work happens: the worker process, or an in-process context in tests. */
export interface ProverBackend {
  commit(p: { seed: string; n: number; S: number }): Promise<ProverRoots>;
  open(p: { seed: string; n: number; S: number }, openings: PogOpening[]): Promise<PogOpenedSegment[]>;
  /** Absent: this prover cannot answer version 2 challenges. */
  memory?: MemoryBackend;
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
    memory: {
      fill: (p) => client.call('prove-memory-fill', p, options),
      walk: (p) => client.call('prove-memory-walk', p, options),
      open: async (p, openings) =>
        (await client.call('prove-memory-open', { ...p, openings }, options)).traces,
      release: async () => void (await client.call('prove-memory-release', {}, options)),
    },
  };
}

/** Signs any proof message body over its canonical JSON with the device key. */
export function signBody<B extends object>(
  identity: DeviceIdentity,
  body: B,
): { body: B; signature: string } {
  return { body, signature: Buffer.from(identity.sign(canonicalJson(body))).toString('hex') };
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
  return signBody(identity, body);
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
