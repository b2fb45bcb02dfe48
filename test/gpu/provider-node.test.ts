// The provider node end to end on the real adapter (lavapipe in CI): a fresh data folder, the
// embedded sandbox network, proof of GPU, real jobs verified and credited, the local ledger equal to
// the coordinator's; then the network going away mid-work and coming back.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import type { ComposedNode } from '../../main/compose/compose-node.js';
import { startHeadlessNode } from '../../main/compose/headless-node.js';
import { startCuttableProxy, type CuttableProxy } from '../fixtures/cuttable-proxy.js';
import { coordinatorLedger, waitFor } from '../fixtures/node-helpers.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'io-node-'));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

async function run(options: Parameters<typeof startHeadlessNode>[0]): Promise<ComposedNode> {
  const runtime = await startHeadlessNode({ timing: { idlePollMs: 500, ledgerSyncMs: 2_000 }, ...options });
  cleanups.push(() => runtime.stop());
  return runtime;
}

describe('the provider node on the sandbox network', () => {
  it('registers, proves its GPU, earns from real verified jobs and its ledger equals the network’s', async () => {
    const runtime = await run({ dataDir: fresh() });
    const { node, network } = runtime;
    const dashboard = runtime.ui.http!;
    const seen: string[] = [];
    node.onEvent((e) => {
      if (e.type === 'state' && seen.at(-1) !== e.state.phase) seen.push(e.state.phase);
    });

    await waitFor(() => node.state().device.status === 'verified', 120_000, 'the device to be verified');
    // A CPU adapter proves the 'software' class, or no class at all when a busy machine keeps it under
    // that class's 1 GFLOPS; either way it is verified and earns tier-0 jobs.
    expect(['software', null]).toContain(node.state().device.provenClass);
    await waitFor(() => node.state().earnings.jobsVerified >= 3, 120_000, 'three verified jobs');
    expect(seen).toContain('proving');
    expect(seen).toContain('computing');

    const db = network!.coordinator.db;
    await waitFor(
      () =>
        JSON.stringify(node.store.ledgerRows()) ===
        JSON.stringify(coordinatorLedger(db, node.o.identity.deviceId)),
      30_000,
      'the node ledger to equal the coordinator ledger',
    );
    const state = node.state();
    expect(BigInt(state.earnings.verified)).toBeGreaterThan(0n);
    expect(state.earning).toBe(true);

    // The dashboard API answers with the token, and only with it.
    const withToken = await fetch(`${dashboard.origin}/api/state`, {
      headers: { authorization: `Bearer ${dashboard.token}` },
    });
    expect(withToken.status).toBe(200);
    expect(((await withToken.json()) as { device: { id: string } }).device.id).toBe(node.o.identity.deviceId);
    expect((await fetch(`${dashboard.origin}/api/state`)).status).toBe(401);
    const csv = await (await fetch(`${dashboard.origin}/api/earnings.csv?token=${dashboard.token}`)).text();
    expect(csv.split('\n')[0]).toBe('created_at_utc,entry_id,job_id,state,amount_io,amount_base_units');
    expect(csv.trim().split('\n').length).toBeGreaterThanOrEqual(4);
  });

  it('releases a job that was leased just as the owner paused, and runs it when the owner resumes', async () => {
    const { node } = await run({
      dataDir: fresh(),
      timing: { idlePollMs: 500, pauseHoldMs: 1_500, releaseWorkerMs: 4_000 },
    });
    await waitFor(() => node.state().device.status === 'verified', 120_000, 'the device to be verified');

    // The owner pauses while the lease request is on its way: the job arrives to a paused GPU.
    const client = node.o.client;
    const lease = client.lease.bind(client);
    let leasedWhilePausing: string | null = null;
    let pausedJobId: string | null = null;
    client.lease = async (max) => {
      const answer = await lease(max);
      if (answer.jobs[0] && !leasedWhilePausing) {
        leasedWhilePausing = answer.jobs[0].leaseId;
        pausedJobId = answer.jobs[0].spec.id;
        node.setMode({ kind: 'paused' });
      }
      return answer;
    };
    // A job leased before the patch (a slow machine) may still be running: wait for the paused one.
    await waitFor(
      () => pausedJobId !== null && node.state().job?.jobId === pausedJobId,
      60_000,
      'the job to start, paused',
    );
    expect(node.state().headline).toMatch(/^Not earning: paused by you \(the current job waits\)/);

    // After the hold the GPU is freed; the lease is kept to be run later.
    await waitFor(() => node.state().job === null, 15_000, 'the paused job to be released');
    expect(node.state().headline).toMatch(/^Not earning: paused by you/);
    expect(node.store.leases().map((l) => l.leaseId)).toEqual([leasedWhilePausing]);
    // Still paused a while later: the idle GPU worker is ended to give its memory back.
    await waitFor(
      () => node.recentLog.some((l) => l.message.includes('the GPU worker was ended to free its memory')),
      15_000,
      'the idle worker to be released',
    );
    const restarts = node.o.worker.restarts;

    node.setMode({ kind: 'auto' });
    await waitFor(
      () => node.store.historyOf(leasedWhilePausing!)?.outcome === 'verified',
      120_000,
      'the kept job to run and be verified',
    );
    expect(node.o.worker.restarts).toBe(restarts); // a fresh worker after a release is no crash
  });

  it('keeps results while the network is down and delivers them when it is back', async () => {
    const dataDir = fresh();
    const network: SandboxNetwork = await startNetwork({ dataDir: join(dataDir, 'net') });
    cleanups.push(() => network.stop());
    const proxy: CuttableProxy = await startCuttableProxy(network.coordinatorUrl);
    cleanups.push(() => proxy.close());
    // This node also starts on a damaged settings file: it says so, keeps the bad file and runs.
    mkdirSync(join(dataDir, 'node'));
    writeFileSync(join(dataDir, 'node', 'settings.json'), '{"governor": {"limits": {"temperatureLimitC": 5');
    const { node, warnings } = await run({ dataDir: join(dataDir, 'node'), networkUrl: proxy.url });
    expect(warnings).toEqual([
      expect.stringMatching(
        /^settings\.json was damaged .*defaults restored, the damaged file is kept as .*settings\.json\.bad-/,
      ),
    ]);
    expect(readdirSync(join(dataDir, 'node')).filter((f) => f.startsWith('settings.json.bad-'))).toHaveLength(
      1,
    );
    await waitFor(() => node.state().earnings.jobsVerified >= 1, 120_000, 'a first verified job');

    // Cut the network while a job computes: its result has nowhere to go.
    let cutting: Promise<void> | null = null;
    const unsubscribe = node.onEvent((e) => {
      if (e.type === 'state' && e.state.job && !cutting) cutting = proxy.cut();
    });
    await waitFor(() => cutting !== null, 60_000, 'a job to start');
    unsubscribe();
    await cutting;
    await waitFor(
      () => node.state().phase === 'offline' && node.state().outbox >= 1,
      30_000,
      'offline with a kept result',
    );
    expect(node.state().headline).toMatch(
      /^Not earning: the network cannot be reached, retrying (now|in [^;]+); 1 result kept to send$/,
    );
    const kept = node.store.outbox()[0]!;
    const verifiedBefore = node.state().earnings.jobsVerified;

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await proxy.restore();
    await waitFor(
      () => node.state().outbox === 0 && node.state().network.connected,
      90_000,
      'the kept result delivered',
    );
    expect(node.store.historyOf(kept.leaseId)?.outcome).toBe('verified');
    expect(node.state().earnings.jobsVerified).toBeGreaterThan(verifiedBefore);
    await waitFor(
      () =>
        JSON.stringify(node.store.ledgerRows()) ===
        JSON.stringify(coordinatorLedger(network.coordinator.db, node.o.identity.deviceId)),
      30_000,
      'the ledgers to agree',
    );
  });
});
