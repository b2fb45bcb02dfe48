// The embedded sandbox network end to end: local chain + coordinator, a device that proves its class
// over HTTP and then earns from the generated workload, the figures in /v1/stats, and the chain
// announced in /v1/network.
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { afterEach, describe, expect, it } from 'vitest';
import { IO } from '../../coordinator/params.js';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { proveOverHttp, TILE_MEMORY } from '../coordinator/cpu-prover.js';
import { tempDir } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

let network: SandboxNetwork | undefined;
const iso = (ms: number) => new Date(ms).toISOString();
afterEach(() => network?.stop());

describe('sandbox network', () => {
  it(
    'runs chain and coordinator together and pays verified work from the generated workload',
    { timeout: 20_000 },
    async () => {
      const clock = Date.now();
      network = await startNetwork({
        dataDir: tempDir(),
        now: () => clock, // the proof's timed phase takes no time on this clock: 'software' class
        params: {
          // A small challenge the CPU prover answers at once; the sandbox default is n = 1024 and a
          // 4 MiB memory phase.
          proofChallenge: { n: 64, S: 2, k: 16, memory: TILE_MEMORY },
          workload: {
            depthPerTier: 3,
            canaryEvery: 3,
            redundancyEvery: 2, // not with a single device: its twin would wait for ever
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
      device.now = () => clock;
      expect((await device.register(null)).body).toMatchObject({ status: 'pending', proofDueAt: iso(clock) });
      await device.heartbeat();
      await network.coordinator.refill();
      expect((await device.lease(3)).body.reason).toMatch(/Device is pending/); // no proof, no jobs
      const proof = await proveOverHttp(device);
      expect(proof.verdict!.body.device).toMatchObject({
        status: 'verified',
        provenClass: 'software',
        proofDueAt: iso(clock + 10 * 60_000),
      });
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

      // Staking is wired into the sandbox: the network co-signs vaults with its own staking key.
      const wallet = Keypair.generate().publicKey.toBase58();
      const vault = await device.request('POST', '/v1/stake/vault', { wallet });
      expect(vault.status).toBe(200);
      expect(vault.body).toMatchObject({
        wallet,
        memo: `io-stake:${device.id}`,
        staked: '0',
        minimum: String(200n * IO),
      });
      const onChain = await new Connection(network.rpcUrl, 'confirmed').getAccountInfo(
        new PublicKey(vault.body.vault),
      );
      expect(onChain).not.toBeNull();
    },
  );
});
