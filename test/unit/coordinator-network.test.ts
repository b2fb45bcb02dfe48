// The embedded sandbox network end to end: local chain + coordinator, a trusted device earning from
// the generated workload, the figures in /v1/stats, and the chain announced in /v1/network.
import { afterEach, describe, expect, it } from 'vitest';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { tempDir } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

let network: SandboxNetwork | undefined;
afterEach(() => network?.stop());

describe('sandbox network', () => {
  it(
    'runs chain and coordinator together and pays verified work from the generated workload',
    { timeout: 20_000 },
    async () => {
      network = await startNetwork({
        dataDir: tempDir(),
        params: {
          workload: {
            depthPerTier: 3,
            canaryEvery: 3,
            redundancyEvery: 0,
            refillMs: 60_000,
            canariesOnly: false,
          },
        },
      });
      const info = (await (await fetch(`${network.coordinatorUrl}/v1/network`)).json()) as any;
      expect(info).toMatchObject({
        rpcUrl: network.rpcUrl,
        ioMint: network.chain.ioMint,
        decimals: 9,
        feeBps: 250,
      });

      const device = new SimDevice(network.coordinatorUrl);
      expect((await device.register()).body.status).toBe('verified'); // sandbox: claims trusted until proof of GPU
      await device.heartbeat();
      await network.coordinator.refill();
      const { jobs } = (await device.lease(3)).body;
      expect(jobs.map((j: any) => j.verification).sort()).toEqual(['canary', 'freivalds', 'freivalds']);
      let credited = 0n;
      for (const job of jobs) {
        const reply = await device.submit(job);
        expect(reply.body.outcome).toBe('accepted');
        credited += BigInt(reply.body.credited);
      }
      const stats = (await (await fetch(`${network.coordinatorUrl}/v1/stats`)).json()) as any;
      expect(stats).toMatchObject({
        jobsVerified: 3,
        verifiedGpus: 1,
        credited: String(credited),
        paid: '0',
      });
      expect(stats.devicesByStatus).toEqual({ verified: 1 });
      expect(BigInt(stats.fees)).toBeGreaterThan(0n);
    },
  );
});
