// The sandbox workload on a real adapter: the coordinator's matmul tile and canary jobs run through the
// provider's job executor (GPU worker, chunked dispatch, signed receipt) and pass Freivalds and the
// known-answer check over real HTTP.
import { afterAll, describe, expect, it } from 'vitest';
import { GpuWorkerClient } from '../../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../../main/gpu/host/worker-process.js';
import { executeJob } from '../../main/gpu/host/job-executor.js';
import { canaryJob, freivaldsJob } from '../../coordinator/workload/generator.js';
import { startTestCoordinator } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
afterAll(() => client.stop());

describe('coordinator workload on the GPU', () => {
  it('computes a matmul tile and a canary that the coordinator verifies and credits', async () => {
    const coordinator = await startTestCoordinator();
    try {
      const device = new SimDevice(coordinator.url);
      await device.register();
      await coordinator.devices.markVerified(device.id, 'rtx-3060', 3000);
      await device.heartbeat();
      await coordinator.enqueue([freivaldsJob(0), canaryJob(0)]);
      const { jobs } = (await device.lease(2)).body;
      expect(jobs).toHaveLength(2);
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
        const reply = await device.request('POST', '/v1/results', { leaseId: job.leaseId, receipt, outputs });
        expect(reply.body, job.spec.id).toMatchObject({ outcome: 'accepted' });
        // A chunk should stay in the tens of milliseconds even on a CPU adapter.
        expect(result.timings.maxChunkMs, 'chunk length').toBeLessThan(1000);
      }
      expect(BigInt((await device.earnings()).body.verified)).toBeGreaterThan(0n);
    } finally {
      await coordinator.stop();
    }
  });
});
