// The proof of GPU as the sandbox runs it, on a real adapter: the node's proof round (the GPU worker)
// answers a full-size challenge over HTTP, compute phase (n = 1024, k = 2062) and memory phase (the
// 'software' class's 4 MiB, capped by the adapter's limits), the coordinator verifies both with its
// own clock, and the device, verified as the class it proved ('software' on lavapipe) with the
// memory it held, then computes sandbox jobs.
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_PARAMS } from '../../coordinator/start-network.js';
import { GpuWorkerClient } from '../../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../../main/gpu/host/worker-process.js';
import { executeJob } from '../../main/gpu/host/job-executor.js';
import { CoordinatorClient } from '../../main/network/coordinator-client.js';
import { runProofRound } from '../../main/node/proof-round.js';
import { workerBackend } from '../../main/gpu/host/proof/prover-client.js';
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

      // The node's own round: its adapter's limits with the challenge, both phases in the worker.
      const { limits } = await client.call('adapter-info', {});
      const network = new CoordinatorClient({ baseUrl: coordinator.url, identity: device.identity });
      const labels: string[] = [];
      let memoryAt = 0; // the memory phase's first progress: the compute phase is over
      const started = performance.now();
      const { verdict, device: status } = await runProofRound(network, client, device.identity, {
        limits,
        onProgress: (_, label) => {
          if (!memoryAt && label.includes('memory')) memoryAt = performance.now();
          labels.push(label);
        },
      });
      const wallMs = performance.now() - started;
      const row = coordinator.db.prepare('SELECT * FROM proof_challenges').get() as any;
      expect(JSON.parse(row.challenge_json)).toMatchObject({
        version: 2,
        n: 1024,
        S: 1,
        k: 2062,
        claimedClass: 'software',
        memory: { bytes: 4 << 20, k: 64 },
      });
      expect(verdict).toMatchObject({ accepted: true, reason: 'ok', memoryBytes: 4 << 20 });
      // 2.1 GFLOP: lavapipe reaches 1.5-2.5 GFLOPS here, a loaded machine may fall below 1.
      expect(verdict.provenClass).toBe(verdict.measuredGflops >= 1 ? 'software' : null);
      expect(status).toMatchObject({
        status: 'verified',
        provenClass: verdict.provenClass,
        provenMemoryBytes: 4 << 20,
      });
      expect(labels).toContain('proof of GPU: memory 100 % filled');
      if (process.env.IO_TEST_VERBOSE)
        console.info(
          `proof of GPU over HTTP on this adapter: ${(wallMs / 1000).toFixed(2)} s in all; compute phase ` +
            `${((memoryAt - started) / 1000).toFixed(2)} s (${(row.elapsed_ms / 1000).toFixed(2)} s to the commitment), ` +
            `memory phase ${((performance.now() - memoryAt) / 1000).toFixed(2)} s (walk ${(row.memory_elapsed_ms / 1000).toFixed(2)} s)`,
        );
      // The buffer was released once the verdict came.
      const { bytes, hashes, walkers, batches, steps } = JSON.parse(row.challenge_json).memory;
      const walk = {
        seed: '00'.repeat(32),
        bytes,
        hashes,
        walkers,
        batches,
        steps,
        walkSeed: '00'.repeat(32),
      };
      await expect(client.call('prove-memory-walk', walk)).rejects.toThrow(/no buffer is held/);

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
