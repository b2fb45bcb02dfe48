// The proof of GPU's memory phase over real HTTP on loopback, after an accepted compute phase: the
// buffer capped by the device's reported limits (never skipped by leaving them out), a device short
// of memory failed with a reason it can act on, messages out of turn refused without a state change,
// and challenges left unanswered expired by the sweep; and databases from before proofs and before
// the memory phase, migrated. The coordinator's clock is the test's.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PogChallenge } from '../../common/proof-of-gpu.js';
import { MIGRATIONS } from '../../coordinator/store/migrations.js';
import { memoryMessages, proveOverHttp, SMALL_MEMORY } from '../coordinator/cpu-prover.js';
import { snapshot, startTestCoordinator, tempDir } from '../coordinator/harness.js';
import { ProofBed } from '../coordinator/proof-bed.js';

const bed = new ProofBed();
afterEach(() => bed.stop());

const iso = (ms: number) => new Date(ms).toISOString();
const stateOf = (id: string) =>
  (bed.coordinator.db.prepare('SELECT state FROM proof_challenges WHERE id = ?').get(id) as { state: string })
    .state;

async function refused(send: () => Promise<{ status: number; body: any }>, status: number, code: string) {
  const before = snapshot(bed.coordinator, false);
  const reply = await send();
  expect(reply.status).toBe(status);
  expect(reply.body.error).toBe(code);
  expect(snapshot(bed.coordinator, false)).toBe(before);
  return reply.body.message as string;
}

/** lavapipe's: 14 chunk buffers (16 per stage, less 2) of 128 MiB each. */
const LAVAPIPE = {
  maxBufferSize: 2 ** 32 - 1,
  maxStorageBufferBindingSize: 2 ** 27,
  maxStorageBuffersPerShaderStage: 16,
};

describe('proof of GPU memory phase over HTTP', () => {
  it("caps the buffer by the device's limits, and asks for the class's figure without them", async () => {
    const { bytes: _, ...shape } = SMALL_MEMORY;
    await bed.start({ proofChallenge: { n: 64, S: 2, k: 16, memory: shape } });
    const device = await bed.registered('rtx-4090');
    const ask = (body: unknown) => device.request('POST', '/v1/proof/challenge', body);
    const capped = (await ask({ limits: LAVAPIPE })).body as PogChallenge;
    expect(capped).toMatchObject({ version: 2, memory: { bytes: 14 * 2 ** 27 } });
    // Leaving the limits out never skips the memory phase: the class's whole 80 % of 24 GB.
    const whole = (await ask({})).body as PogChallenge;
    expect(whole.memory!.bytes).toBe(Math.floor((24e9 * 0.8) / 2048) * 2048);
    expect(stateOf(capped.challengeId)).toBe('void');
    // Limits below what every WebGPU device has are not a way to prove less.
    const low = await ask({ limits: { ...LAVAPIPE, maxStorageBufferBindingSize: 4096 } });
    expect(low.status).toBe(400);
    expect(low.body).toMatchObject({ error: 'invalid-body' });
    expect(low.body.message).toMatch(/maxStorageBufferBindingSize/);
  });

  it('fails a device that holds half the buffer, with a reason it can act on, until its retry time', async () => {
    await bed.start();
    const device = await bed.registered();
    const round = await proveOverHttp(device, { held: 128, limits: LAVAPIPE });
    expect(round.opened!.body.memoryPending).not.toBeNull();
    const { verdict, device: status } = round.verdict!.body;
    expect(verdict).toMatchObject({ accepted: false, provenClass: null, memoryBytes: null });
    const held =
      /^memory check failed: \d+ of 12 re-walked walks read items that are not the buffer's \(\d+ of 96 steps\): the device answered as if it held about ([\d.]+) kB of the 8\.2 kB claimed; free GPU memory or let the device claim a smaller class$/.exec(
        verdict.reason,
      );
    expect(held, verdict.reason).not.toBeNull();
    expect(Number(held![1])).toBeGreaterThan(2);
    expect(Number(held![1])).toBeLessThan(6.5);
    const retryAt = iso(bed.clock + bed.coordinator.params.proofRetryMs);
    expect(status).toMatchObject({
      status: 'failed',
      provenClass: null,
      nextCheckAt: retryAt,
      proofDueAt: retryAt,
    });
    expect(status.reason).toBe(`Proof of GPU failed: ${verdict.reason}.`);
    expect(stateOf(round.challenge.challengeId)).toBe('done');

    // Retried at its time with the whole buffer: verified, with the memory it held.
    bed.clock += bed.coordinator.params.proofRetryMs;
    const retried = await proveOverHttp(device);
    expect(retried.verdict!.body.device).toMatchObject({ status: 'verified', provenMemoryBytes: 8192 });
  });

  it('fails a device that could not allocate the buffer, and a walk that came too late', async () => {
    await bed.start();
    const short = await proveOverHttp(await bed.registered(), { heldBytes: 6144 });
    expect(short.memory!.walked.body.walk).toBeNull();
    expect(short.verdict!.body.verdict.reason).toMatch(
      /^memory check failed: 6\.1 kB free, 8\.2 kB claimed: the GPU could not hold the buffer its class must/,
    );
    expect(short.verdict!.body.device).toMatchObject({ status: 'failed', provenMemoryBytes: null });

    const slow = await bed.registered();
    const late = await proveOverHttp(slow, { beforeWalkCommit: () => (bed.clock += 1_100) });
    expect(late.memory!.walkCommitted!.body.openings).toBeNull();
    expect(late.verdict!.body.verdict.reason).toMatch(
      /^memory check failed: the walk over the 8\.2 kB buffer took 1\.1 s \(expected <= 1\.0 s; .*recomputed items it did not hold/,
    );
    expect(late.verdict!.body.device.status).toBe('failed');
    // The same walk commitment again (its answer lost): the same verdict, nothing changes.
    const before = snapshot(bed.coordinator, false);
    const resent = await slow.request('POST', '/v1/proof/memory/commitment', late.memory!.walkCommitment);
    expect(resent.body).toEqual(late.memory!.walkCommitted!.body);
    expect(snapshot(bed.coordinator, false)).toBe(before);
  });

  it('refuses memory messages out of turn, foreign or stale without a change', async () => {
    await bed.start();
    const device = await bed.registered();
    const post =
      (path: string, body: unknown, who = device) =>
      () =>
        who.request('POST', `/v1/proof/memory/${path}`, body);
    const round = await proveOverHttp(device, { computeOnly: true });
    const { challenge } = round;
    const messages = memoryMessages(device, challenge);
    const walk0 = messages.walk({ challengeId: challenge.challengeId, walkSeed: '00'.repeat(32) });
    expect(stateOf(challenge.challengeId)).toBe('filling');
    expect(await refused(post('commitment', walk0.commitment), 409, 'stale-challenge')).toMatch(
      /waits for the memory phase/,
    );
    const early = { challengeId: challenge.challengeId, traces: [] };
    expect(await refused(post('openings', early), 409, 'stale-challenge')).toMatch(
      /waits for the memory phase/,
    );
    const stranger = await bed.registered();
    expect(await refused(post('ready', messages.ready, stranger), 409, 'stale-challenge')).toMatch(
      /no challenge .* was issued to this device/,
    );

    const walked = await post('ready', messages.ready)();
    expect(walked.body.walk.challengeId).toBe(challenge.challengeId);
    expect(stateOf(challenge.challengeId)).toBe('walking');
    // The same message again (its answer lost): the same walk seed; another one is out of turn.
    const before = snapshot(bed.coordinator, false);
    expect((await post('ready', messages.ready)()).body).toEqual(walked.body);
    expect(snapshot(bed.coordinator, false)).toBe(before);
    const other = memoryMessages(device, challenge, { heldBytes: 16384 }).ready;
    expect(await refused(post('ready', other), 409, 'stale-challenge')).toMatch(/already has its walk seed/);
    expect(await refused(post('openings', early), 409, 'stale-challenge')).toMatch(
      /already has its walk seed/,
    );

    // A new challenge voids this one mid-walk: its walk commitment is stale now.
    const walk = messages.walk(walked.body.walk);
    await device.request('POST', '/v1/proof/challenge', {});
    expect(stateOf(challenge.challengeId)).toBe('void');
    expect(await refused(post('commitment', walk.commitment), 409, 'stale-challenge')).toMatch(
      /replaced by a newer challenge/,
    );

    // A whole round, then every message of it again: settled, refused.
    const done = await proveOverHttp(device);
    expect(done.verdict!.body.device.status).toBe('verified');
    expect(await refused(post('openings', done.memory!.answer), 409, 'stale-challenge')).toMatch(
      /already settled \(accepted\)/,
    );
    const stale = memoryMessages(device, done.challenge, { heldBytes: 1 << 20 }).ready;
    expect(await refused(post('ready', stale), 409, 'stale-challenge')).toMatch(/already settled/);
  });

  it('expires a challenge left before its "buffer filled" message; the device asks again', async () => {
    await bed.start();
    const device = await bed.registered();
    const stuck = await proveOverHttp(device, { computeOnly: true });
    bed.clock += bed.coordinator.params.proofChallengeTtlMs - 1;
    await bed.coordinator.sweep();
    expect(stateOf(stuck.challenge.challengeId)).toBe('filling');
    bed.clock += 1;
    await bed.coordinator.sweep();
    expect(stateOf(stuck.challenge.challengeId)).toBe('expired');
    expect((await device.request('GET', '/v1/devices/status')).body.status).toBe('pending');
    const { ready } = memoryMessages(device, stuck.challenge);
    expect(
      await refused(() => device.request('POST', '/v1/proof/memory/ready', ready), 409, 'stale-challenge'),
    ).toMatch(/left unanswered too long and expired: POST \/v1\/proof\/challenge for a new one/);
    const round = await proveOverHttp(device);
    expect(round.verdict!.body.device.status).toBe('verified');
  });
});

describe('proof of GPU across schema versions', () => {
  it('makes a device verified on trust before proofs existed prove itself', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'coordinator.sqlite'));
    db.exec(
      'CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const m of MIGRATIONS.slice(0, 2)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version VALUES (?, ?, 0)').run(m.version, m.name);
    }
    db.prepare(
      `INSERT INTO devices (id, public_key, hardware_json, benchmark_json, gpu_count, claimed_class, proven_class,
         base_status, status, status_reason, registered_at) VALUES ('old', x'00', '{}', '{}', 1, 'rtx-4090',
         'rtx-4090', 'verified', 'verified', '', 1000)`,
    ).run();
    db.close();
    bed.clock = Date.now();
    bed.coordinator = await startTestCoordinator({}, { dataDir, now: () => bed.clock });
    await bed.coordinator.sweep();
    expect(bed.coordinator.devices.get('old')).toMatchObject({
      status: 'failed',
      status_reason: `Proof of GPU overdue since ${iso(1000)}; the device proves itself on its next start.`,
      proof_due_at: bed.clock,
    });
  });

  it('keeps the challenges of a database from before the memory phase', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'coordinator.sqlite'));
    db.exec(
      'CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 4)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version VALUES (?, ?, 0)').run(m.version, m.name);
    }
    db.prepare(
      `INSERT INTO devices (id, public_key, hardware_json, benchmark_json, gpu_count, base_status, status,
         status_reason, registered_at) VALUES ('old', x'00', '{}', '{}', 1, 'pending', 'pending', '', 1000)`,
    ).run();
    db.prepare(
      `INSERT INTO proof_challenges (id, device_id, challenge_json, issued_at, state, verdict_json)
         VALUES ('c1', 'old', '{}', 1000, 'done', '{"accepted":true}')`,
    ).run();
    db.close();
    bed.clock = Date.now();
    bed.coordinator = await startTestCoordinator({}, { dataDir, now: () => bed.clock });
    expect(bed.coordinator.db.prepare('SELECT * FROM proof_challenges').get()).toMatchObject({
      id: 'c1',
      state: 'done',
      verdict_json: '{"accepted":true}',
      walk_json: null,
    });
    expect(bed.coordinator.devices.get('old')).toMatchObject({ proven_memory_bytes: null });
  });
});
