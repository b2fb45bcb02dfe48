// One proof of GPU against the network: ask for a challenge (sending the adapter's storage limits,
// which cap the memory phase), compute and sign the commitment in the GPU worker, answer the openings
// the verifier picks; then, for a version 2 challenge whose compute phase passed, the memory phase:
// fill and hold the buffer, walk it with the verifier's seed, re-walk the walkers it picks. The
// verifier times the answers with its own clock, so nothing else may run on the GPU meanwhile (the
// node holds jobs), and the buffer is released whatever happens.
import type { DeviceStatusResponse, ProofLimits } from '../../common/network-api.js';
import type { PogChallenge, PogVerdict } from '../../common/proof-of-gpu.js';
import type { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import type { DeviceIdentity } from '../identity/device-identity.js';
import type { CoordinatorClient } from '../network/coordinator-client.js';
import { commitToWalk, openWalk, readyForWalk } from '../gpu/host/proof/memory-client.js';
import { commitToChallenge, workerBackend, type MemoryBackend } from '../gpu/host/proof/prover-client.js';

export interface ProofRoundResult {
  verdict: PogVerdict;
  /** The device's status after the verdict, when the network sent one. */
  device: DeviceStatusResponse | null;
  proverMs: number;
}

export interface ProofRoundOptions {
  /** The adapter's limits (the benchmark report's `adapter.limits`); the storage ones are sent. */
  limits?: Readonly<Record<string, number>>;
  onProgress?: (fraction: number, label: string) => void;
}

const LIMIT_NAMES = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
] as const;

/** The storage limits the memory phase depends on, out of an adapter report's limits. */
export function storageLimits(limits: Readonly<Record<string, number>>): ProofLimits {
  const picked: ProofLimits = {};
  for (const name of LIMIT_NAMES) if (typeof limits[name] === 'number') picked[name] = limits[name];
  return picked;
}

export async function runProofRound(
  client: CoordinatorClient,
  worker: GpuWorkerClient,
  identity: DeviceIdentity,
  options: ProofRoundOptions = {},
): Promise<ProofRoundResult> {
  const challenge = await client.proofChallenge(
    options.limits ? { limits: storageLimits(options.limits) } : {},
  );
  const backend = workerBackend(worker, options.onProgress);
  const started = performance.now();
  const commitment = await commitToChallenge(identity, backend, challenge);
  const proverMs = performance.now() - started;
  const reply = await client.proofCommitment(commitment);
  if (!reply.openings) {
    if (!reply.verdict)
      throw new Error('the network answered the commitment with neither openings nor a verdict');
    return { verdict: reply.verdict, device: null, proverMs };
  }
  const p = { seed: challenge.seed, n: challenge.n, S: challenge.S };
  const segments = await backend.open(p, reply.openings.openings);
  const result = await client.proofOpenings({ challengeId: challenge.challengeId, segments });
  if (result.verdict) return { verdict: result.verdict, device: result.device, proverMs };
  if (!result.memoryPending || !challenge.memory)
    throw new Error('the network answered the openings with neither a verdict nor a memory phase');
  const final = await memoryPhase(client, backend.memory!, identity, challenge);
  return { ...final, proverMs };
}

/** The memory phase's three messages; the worker's buffer is released on every path. */
async function memoryPhase(
  client: CoordinatorClient,
  memory: MemoryBackend,
  identity: DeviceIdentity,
  challenge: PogChallenge,
): Promise<Omit<ProofRoundResult, 'proverMs'>> {
  let failed = false;
  try {
    const walk = await client.proofMemoryReady(await readyForWalk(identity, memory, challenge));
    if (!walk.walk) return final(walk, 'the "buffer filled" message');
    const committed = await client.proofMemoryCommitment(
      await commitToWalk(identity, memory, challenge, walk.walk),
    );
    if (!committed.openings) return final(committed, 'the walk commitment');
    return await client.proofMemoryOpenings(await openWalk(memory, challenge, walk.walk, committed.openings));
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A release that fails after a failure must not hide the first error.
    await memory.release().catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
}

function final(
  reply: { verdict: PogVerdict | null; device: DeviceStatusResponse | null },
  step: string,
): Omit<ProofRoundResult, 'proverMs'> {
  if (!reply.verdict) throw new Error(`the network answered ${step} with neither a next step nor a verdict`);
  return { verdict: reply.verdict, device: reply.device };
}
