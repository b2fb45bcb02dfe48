// The proof of GPU as the sandbox runs it, on a real adapter: the GPU worker answers a full-size
// challenge (n = 1024, k = 2062) over HTTP, the coordinator verifies it with its own clock, and the
// device, verified as the class it proved ('software' on lavapipe), then computes sandbox jobs.
import { afterAll, describe, expect, it } from 'vitest';
import type { PogChallenge } from '../../common/proof-of-gpu.js';
import type { ProofCommitmentResponse, ProofVerdictResponse } from '../../common/network-api.js';
import { SANDBOX_PARAMS } from '../../coordinator/start-network.js';
import { GpuWorkerClient } from '../../main/gpu/gpu-worker-client.js';
import { nodeForkSpawner } from '../../main/gpu/worker-process.js';
import { executeJob } from '../../main/jobs/job-executor.js';
import { commitToChallenge, workerBackend } from '../../main/proof/prover-client.js';
import { startTestCoordinator } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
afterAll(() => client.stop());

describe('proof of GPU against the sandbox coordinator', () => {
  it('verifies the adapter as the class it proved, which then earns from the workload', async () => {
    const coordinator = await startTestCoordinator({
      ...SANDBOX_PARAMS,
      workload: {
        depthPerTier: 2,
        canaryEvery: 2,
        redundancyEvery: 3,
        refillMs: 60_000,
        canariesOnly: false,
      },
    });
    try {
      const backend = workerBackend(client);
      // A running node has its worker up and its pipelines built before a challenge comes.
      await backend.commit({ seed: '00'.repeat(32), n: 64, S: 1 });
      const device = new SimDevice(coordinator.url);
      expect((await device.register(null)).body.status).toBe('pending');
      await device.heartbeat();

      const challenge = (await device.request<PogChallenge>('POST', '/v1/proof/challenge', {})).body;
      expect(challenge).toMatchObject({ n: 1024, S: 1, k: 2062, claimedClass: 'software' });
      const commitment = await commitToChallenge(device.identity, backend, challenge);
      const committed = await device.request<ProofCommitmentResponse>(
        'POST',
        '/v1/proof/commitment',
        commitment,
      );
      expect(committed.body.verdict).toBeNull();
      const p = { seed: challenge.seed, n: challenge.n, S: challenge.S };
      const segments = await backend.open(p, committed.body.openings!.openings);
      const reply = await device.request<ProofVerdictResponse>('POST', '/v1/proof/openings', {
        challengeId: challenge.challengeId,
        segments,
      });
      const { verdict, device: status } = reply.body;
      expect(verdict).toMatchObject({ accepted: true, reason: 'ok' });
      // 2.1 GFLOP: lavapipe reaches 1.5-2.5 GFLOPS here, a loaded machine may fall below 1.
      expect(verdict.provenClass).toBe(verdict.measuredGflops >= 1 ? 'software' : null);
      expect(status).toMatchObject({ status: 'verified', provenClass: verdict.provenClass });

      await coordinator.refill();
      const { jobs } = (await device.lease(2)).body;
      expect(jobs.map((j) => j.verification).sort()).toEqual(['canary', 'freivalds']); // no twins alone
      for (const job of jobs) {
        const options = { client, identity: device.identity, loadInput: () => Promise.resolve(undefined) };
        const { result, receipt } = await executeJob(options, job.spec);
        const outputs =
          job.verification === 'freivalds'
            ? result.outputs.map((o) => ({
                binding: o.binding,
                base64: Buffer.from(o.bytes).toString('base64'),
              }))
            : [];
        const submitted = await device.request('POST', '/v1/results', {
          leaseId: job.leaseId,
          receipt,
          outputs,
        });
        expect(submitted.body, job.spec.id).toMatchObject({ outcome: 'accepted' });
      }
      expect(BigInt((await device.earnings()).body.verified)).toBeGreaterThan(0n);
    } finally {
      await coordinator.stop();
    }
  });
});
