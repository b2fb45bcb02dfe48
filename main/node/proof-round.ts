// One proof of GPU against the network: ask for a challenge, compute and sign the commitment in the
// GPU worker, answer the openings the verifier picks, and bring back its verdict. The verifier times
// the answer with its own clock, so nothing else may run on the GPU meanwhile (the node holds jobs).
import type { DeviceStatusResponse } from '../../common/network-api.js';
import type { PogVerdict } from '../../common/proof-of-gpu.js';
import type { GpuWorkerClient } from '../gpu/gpu-worker-client.js';
import type { DeviceIdentity } from '../identity/device-identity.js';
import type { CoordinatorClient } from '../network/coordinator-client.js';
import { commitToChallenge, workerBackend } from '../proof/prover-client.js';

export interface ProofRoundResult {
  verdict: PogVerdict;
  /** The device's status after the verdict, when the network sent one. */
  device: DeviceStatusResponse | null;
  proverMs: number;
}

export async function runProofRound(
  client: CoordinatorClient,
  worker: GpuWorkerClient,
  identity: DeviceIdentity,
  onProgress?: (fraction: number, label: string) => void,
): Promise<ProofRoundResult> {
  const challenge = await client.proofChallenge();
  const backend = workerBackend(worker, onProgress);
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
  return { verdict: result.verdict, device: result.device, proverMs };
}
