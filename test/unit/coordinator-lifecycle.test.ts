// The device lifecycle over real HTTP and WebSocket: pending -> verified -> cluster-ready (uptime and
// stake), inactive after silence, failed and blocked with their reasons, and the pushed events.
import { afterEach, describe, expect, it } from 'vitest';
import type { Coordinator } from '../../coordinator/coordinator.js';
import { IO } from '../../coordinator/params.js';
import { canaryJob } from '../../coordinator/workload/generator.js';
import { listen } from '../coordinator/events.js';
import { startTestCoordinator } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

let coordinator: Coordinator;
afterEach(() => coordinator?.stop());

describe('device lifecycle', () => {
  it('walks pending -> verified -> cluster-ready -> inactive -> verified, with reasons and pushes', async () => {
    let clock = Date.now();
    const stake = new Map<string, bigint>();
    // The proof schedule (coordinator-proof.test.ts) would fail the device on this day-long walk.
    coordinator = await startTestCoordinator(
      {
        clusterReadyUptimeMs: 3600_000,
        inactiveAfterMs: 24 * 3600_000,
        heartbeatFreshMs: 90_000,
        proofIntervalMs: 30 * 24 * 3600_000,
      },
      { now: () => clock, stakeOf: (id) => Promise.resolve(stake.get(id) ?? 0n) },
    );
    const device = new SimDevice(coordinator.url);
    device.now = () => clock;
    const registered = (await device.register('rtx-4090')).body;
    expect(registered).toMatchObject({ status: 'pending', claimedClass: 'rtx-4090', provenClass: null });
    expect(registered.reason).toMatch(/waiting for the proof of GPU/);
    expect(Date.parse(registered.nextCheckAt)).toBe(clock + coordinator.params.firstProofDelayMs);
    expect(registered.proofDueAt).toBe(registered.nextCheckAt);
    expect((await device.lease()).body.reason).toMatch(/Device is pending/);

    const push = await listen(coordinator, device);
    await coordinator.devices.markVerified(device.id, 'rtx-4090', 55_000);
    expect(await push.next()).toMatchObject({ type: 'status-changed', status: 'verified' });
    const verified = (await device.heartbeat(false, 'Paused: game running (eldenring.exe)')).body;
    expect(verified.status).toBe('verified');
    expect(Date.parse(verified.proofDueAt)).toBe(clock + coordinator.params.proofIntervalMs);
    // 200 IO x 1.2 (rtx-4090's multiplier) x 1 GPU
    expect(verified.reason).toMatch(
      /1.0 h more of uninterrupted uptime and a stake of 240 IO \(staked: 0 IO\)/,
    );
    expect((await device.lease()).body.reason).toMatch(/not accepting jobs: Paused: game running/);

    stake.set(device.id, 240n * IO);
    clock += 3600_000;
    await coordinator.sweep(); // the device has been silent for an hour: not online, uptime broken
    expect(coordinator.devices.get(device.id)!.status).toBe('verified');
    for (let i = 0; i < 61; i++) {
      expect((await device.heartbeat()).status).toBe(200);
      clock += 60_000;
    }
    const ready = (await device.request('GET', '/v1/devices/status')).body;
    expect(ready).toMatchObject({ status: 'cluster-ready', provenClass: 'rtx-4090' });
    expect(push.events.map((e) => (e.type === 'status-changed' ? e.status : e.type))).toContain(
      'cluster-ready',
    );

    push.events.length = 0;
    await coordinator.enqueue([canaryJob(1)]);
    expect(await push.next()).toMatchObject({ type: 'job-available', queued: 1 });

    clock += 25 * 3600_000;
    await coordinator.sweep();
    const inactive = coordinator.devices.get(device.id)!;
    expect(inactive.status).toBe('inactive');
    expect(inactive.status_reason).toMatch(/No heartbeat since/);
    expect((await device.heartbeat()).body.status).toBe('verified');
  });

  it('records failed proofs and blocks with their own reason and next check', async () => {
    coordinator = await startTestCoordinator();
    const device = new SimDevice(coordinator.url);
    await device.register();
    const retry = Date.now() + 3600_000;
    await coordinator.devices.markFailed(
      device.id,
      'Proof of GPU: 4.1 s for a 2.5 s class; retry in 1 h.',
      retry,
    );
    const failed = (await device.request('GET', '/v1/devices/status')).body;
    expect(failed).toMatchObject({
      status: 'failed',
      reason: 'Proof of GPU: 4.1 s for a 2.5 s class; retry in 1 h.',
    });
    expect(Date.parse(failed.nextCheckAt)).toBe(retry);
    expect(failed.proofDueAt).toBe(failed.nextCheckAt); // the retry is when it may prove again
    await coordinator.devices.block(device.id, 'Blocked: a game ran while the device was listed.', null);
    expect((await device.heartbeat()).body).toMatchObject({
      status: 'blocked',
      nextCheckAt: null,
      proofDueAt: null,
    });
    expect((await device.lease()).body.reason).toMatch(/Device is blocked: Blocked: a game ran/);
    await expect(coordinator.devices.markVerified('nobody', null, 0)).rejects.toThrow(/unknown device/);
  });

  it('refuses an unsigned or unknown WebSocket', async () => {
    coordinator = await startTestCoordinator();
    const stranger = new SimDevice(coordinator.url);
    await expect(listen(coordinator, stranger)).rejects.toThrow(/401/);
  });
});
