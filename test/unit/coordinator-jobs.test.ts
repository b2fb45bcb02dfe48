// A job's life over real HTTP on loopback: leased by a verified device, computed (on the CPU here),
// submitted with a signed receipt, verified by Freivalds / known answer / agreement, and credited once.
import { afterEach, describe, expect, it } from 'vitest';
import type { Coordinator } from '../../coordinator/coordinator.js';
import { IO } from '../../coordinator/params.js';
import { rewardFor } from '../../coordinator/service/rewards.js';
import { canaryJob, freivaldsJob, redundantPair } from '../../coordinator/workload/generator.js';
import { snapshot, startTestCoordinator } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

let coordinator: Coordinator;
afterEach(() => coordinator?.stop());

async function readyDevice(c: Coordinator, gpuClass: 'rtx-3060' | 'rtx-4090' = 'rtx-3060') {
  const device = new SimDevice(c.url);
  expect((await device.register(gpuClass)).status).toBe(200);
  await c.devices.markVerified(device.id, gpuClass, 3000);
  expect((await device.heartbeat()).body.status).toBe('verified');
  return device;
}

const ledger = (c: Coordinator) => c.db.prepare('SELECT * FROM ledger ORDER BY created_at').all() as any[];

describe('coordinator jobs', () => {
  it('leases a matmul tile, verifies it with Freivalds and credits the device once', async () => {
    coordinator = await startTestCoordinator();
    const device = await readyDevice(coordinator);
    const job = freivaldsJob(0);
    await coordinator.enqueue([job]);
    const lease = await device.lease(4);
    expect(lease.status).toBe(200);
    expect(lease.body.jobs).toHaveLength(1);
    expect(lease.body.jobs[0]!.verification).toBe('freivalds');

    const result = await device.submit(lease.body.jobs[0]!);
    expect(result.body).toMatchObject({ outcome: 'accepted', reason: 'Freivalds check passed.' });
    const reward = rewardFor(coordinator.params, job.flops, 'rtx-3060');
    expect(result.body.credited).toBe(String(reward.amount));
    expect(reward.fee).toBe((reward.gross * 250n) / 10_000n);
    expect(ledger(coordinator)).toHaveLength(1);
    expect((await device.earnings()).body).toMatchObject({
      verified: String(reward.amount),
      pending: '0',
      jobsCredited: 1,
    });

    // The same result again: refused, nothing added.
    const again = await device.submit(lease.body.jobs[0]!);
    expect(again.status).toBe(409);
    expect(ledger(coordinator)).toHaveLength(1);
  });

  it('rejects a wrong product and puts the job back in the queue, uncredited', async () => {
    coordinator = await startTestCoordinator();
    const device = await readyDevice(coordinator);
    await coordinator.enqueue([freivaldsJob(0)]);
    const { jobs } = (await device.lease()).body;
    const result = await device.submit(jobs[0]!, true);
    expect(result.body).toMatchObject({ outcome: 'rejected', credited: '0' });
    expect(result.body.reason).toMatch(/Freivalds check failed/);
    expect(ledger(coordinator)).toHaveLength(0);
    expect((await device.lease()).body.jobs[0]!.spec.id).toBe(jobs[0]!.spec.id);
  });

  it('checks canaries against the known answer', async () => {
    coordinator = await startTestCoordinator();
    const device = await readyDevice(coordinator);
    await coordinator.enqueue([canaryJob(0), canaryJob(0)]);
    const { jobs } = (await device.lease(2)).body;
    expect((await device.submit(jobs[0]!)).body.outcome).toBe('accepted');
    expect((await device.submit(jobs[1]!, true)).body).toMatchObject({
      outcome: 'rejected',
      reason: 'Wrong answer to a known-answer job.',
    });
  });

  it('settles redundant jobs by agreement and records a disagreement against both devices', async () => {
    coordinator = await startTestCoordinator();
    const [a, b] = [await readyDevice(coordinator), await readyDevice(coordinator)];
    await coordinator.enqueue([...redundantPair(0), ...redundantPair(0)]);
    const jobsA = (await a.lease(4)).body.jobs;
    expect(jobsA).toHaveLength(2); // one copy of each pair: never both twins to one device
    const jobsB = (await b.lease(4)).body.jobs;
    expect(jobsB).toHaveLength(2);
    const twinOf = (id: string) => jobsB.find((j) => j.spec.id.slice(0, -2) === id.slice(0, -2))!;

    const first = await a.submit(jobsA[0]!);
    expect(first.body.outcome).toBe('waiting');
    expect((await a.earnings()).body.pending).toBe(first.body.credited);
    expect((await b.submit(twinOf(jobsA[0]!.spec.id))).body.outcome).toBe('accepted');
    expect((await a.earnings()).body).toMatchObject({ pending: '0', verified: first.body.credited });

    expect((await a.submit(jobsA[1]!)).body.outcome).toBe('waiting');
    const bad = await b.submit(twinOf(jobsA[1]!.spec.id), true);
    expect(bad.body.outcome).toBe('rejected');
    expect(bad.body.reason).toMatch(/Disagreement/);
    const disagreements = coordinator.db
      .prepare('SELECT disagreements FROM devices ORDER BY id')
      .all() as any[];
    expect(disagreements.map((d) => d.disagreements)).toEqual([1, 1]);
    expect(
      ledger(coordinator)
        .map((e) => e.state)
        .sort(),
    ).toEqual(['rejected', 'verified', 'verified']);
  });

  it('requeues a job whose lease expired; a late result is credited at most once', async () => {
    let clock = Date.now();
    coordinator = await startTestCoordinator({ leaseMs: 1000 }, { now: () => clock });
    const [slow, fast] = [await readyDevice(coordinator), await readyDevice(coordinator)];
    await coordinator.enqueue([canaryJob(0)]);
    const late = (await slow.lease()).body.jobs[0]!;
    expect((await fast.lease()).body.jobs).toHaveLength(0);
    clock += 1500;
    await fast.heartbeat();
    const again = (await fast.lease()).body.jobs[0]!;
    expect(again.spec.id).toBe(late.spec.id);
    expect((await fast.submit(again)).body.outcome).toBe('accepted');
    // The late result is refused and changes nothing but the spent nonce.
    const before = snapshot(coordinator, false);
    const lateReply = await slow.submit(late);
    expect(lateReply.status).toBe(409);
    expect(lateReply.body.message).toMatch(/already settled/);
    expect(snapshot(coordinator, false)).toBe(before);
    expect(ledger(coordinator)).toHaveLength(1);
  });

  it('still credits a late result while its requeued job is open, and only once', async () => {
    let clock = Date.now();
    coordinator = await startTestCoordinator({ leaseMs: 1000 }, { now: () => clock });
    const device = await readyDevice(coordinator);
    device.now = () => clock;
    await coordinator.enqueue([freivaldsJob(0)]);
    const late = (await device.lease()).body.jobs[0]!;
    clock += 1500;
    await coordinator.sweep();
    expect(coordinator.db.prepare('SELECT state FROM jobs').get()).toEqual({ state: 'queued' });
    expect((await device.submit(late)).body.outcome).toBe('accepted');
    const settled = coordinator.db.prepare('SELECT state, spec_json FROM jobs').get();
    expect(settled).toEqual({ state: 'verified', spec_json: '' }); // the inputs are dropped once settled
    await device.heartbeat();
    expect((await device.lease()).body.jobs).toHaveLength(0);
    expect(ledger(coordinator)).toHaveLength(1);
  });

  it('refuses a second credit for a job in the database itself', async () => {
    coordinator = await startTestCoordinator();
    const device = await readyDevice(coordinator);
    const job = canaryJob(0);
    await coordinator.enqueue([job]);
    const insert = coordinator.db.prepare(
      `INSERT INTO ledger (id, device_id, job_id, gross, fee, amount, state, created_at) VALUES (?, ?, ?, '1', '0', '1', 'verified', 0)`,
    );
    insert.run('e1', device.id, job.spec.id);
    expect(() => insert.run('e2', device.id, job.spec.id)).toThrow(/UNIQUE constraint failed: ledger.job_id/);
  });

  it('sizes work by device class and keeps the queue stocked', async () => {
    coordinator = await startTestCoordinator({
      workload: {
        depthPerTier: 5,
        canaryEvery: 3,
        redundancyEvery: 0,
        refillMs: 60_000,
        canariesOnly: false,
      },
    });
    const small = await readyDevice(coordinator, 'rtx-3060');
    const big = await readyDevice(coordinator, 'rtx-4090');
    await coordinator.refill();
    const tiers = coordinator.db
      .prepare(`SELECT tier, COUNT(*) AS n FROM jobs WHERE state = 'queued' GROUP BY tier`)
      .all();
    expect(tiers).toEqual([
      { tier: 0, n: 5 },
      { tier: 1, n: 5 },
    ]);
    const smallJob = (await small.lease()).body.jobs[0]!;
    const bigJob = (await big.lease()).body.jobs[0]!;
    expect(smallJob.spec.id).toMatch(/^(mm|cn)-0-/);
    expect(bigJob.spec.id).toMatch(/^(mm|cn)-1-/);
    expect(IO).toBe(1_000_000_000n);
  });

  it('issues redundant pairs only to a tier with two devices online to take the twins', async () => {
    coordinator = await startTestCoordinator({
      workload: {
        depthPerTier: 4,
        canaryEvery: 0,
        redundancyEvery: 2,
        refillMs: 60_000,
        canariesOnly: false,
      },
    });
    const modes = () =>
      (
        coordinator.db.prepare(`SELECT DISTINCT verification FROM jobs WHERE state = 'queued'`).all() as {
          verification: string;
        }[]
      ).map((r) => r.verification);
    const alone = await readyDevice(coordinator);
    await coordinator.refill();
    expect(modes()).toEqual(['freivalds']); // one device would hold one twin and wait for ever
    expect((await alone.lease(4)).body.jobs).toHaveLength(4);
    await readyDevice(coordinator);
    await coordinator.refill();
    expect(modes()).toContain('redundancy');
  });
});
