// The proof of GPU over real HTTP on loopback, with the real verifier and an honest (or cheating) CPU
// prover on small challenges (both phases; the memory phase's own cases are in
// coordinator-proof-memory.test.ts): a device earns only once it has proved a class, and every
// answer out of turn is refused without a state change. The coordinator's clock is the test's, so
// the timed phases last exactly what the test says.
import { afterEach, describe, expect, it } from 'vitest';
import type { PogChallenge } from '../../common/proof-of-gpu.js';
import { rewardFor } from '../../coordinator/service/rewards.js';
import { canaryJob } from '../../coordinator/workload/generator.js';
import { signCommitment } from '../../main/gpu/host/proof/prover-client.js';
import {
  cpuProve,
  memoryMessages,
  proveMemoryOverHttp,
  proveOverHttp,
  SMALL_MEMORY,
} from '../coordinator/cpu-prover.js';
import { listen } from '../coordinator/events.js';
import { snapshot } from '../coordinator/harness.js';
import { ProofBed } from '../coordinator/proof-bed.js';
import type { SimDevice } from '../coordinator/sim-device.js';

/** A canary tile whose buffers (~1.6 KB) fit the 8 KiB memory phase these tests prove. */
const FITS_8_KIB = { m: 16, n: 16, k: 16 };

const bed = new ProofBed();
afterEach(() => bed.stop());

const iso = (ms: number) => new Date(ms).toISOString();
const challengeRow = (id: string) =>
  bed.coordinator.db.prepare('SELECT state FROM proof_challenges WHERE id = ?').get(id) as { state: string };

/** A refused request: the status, the code, a readable message, and nothing changed but the nonce. */
async function refused(send: () => Promise<{ status: number; body: any }>, status: number, code: string) {
  const before = snapshot(bed.coordinator, false);
  const reply = await send();
  expect(reply.status).toBe(status);
  expect(reply.body.error).toBe(code);
  expect(snapshot(bed.coordinator, false)).toBe(before);
  return reply.body.message as string;
}

const askChallenge = (device: SimDevice) => device.request('POST', '/v1/proof/challenge', {});

describe('proof of GPU over HTTP', () => {
  it('verifies an honest device through both phases as the class it proved; then it leases and earns', async () => {
    await bed.start();
    const device = await bed.registered();
    const round = await proveOverHttp(device);
    expect(round.challenge).toMatchObject({ deviceId: device.id, n: 64, S: 2, k: 16, issuedAt: bed.clock });
    expect(round.challenge).toMatchObject({ version: 2, memory: { ...SMALL_MEMORY, bytes: 8192 } });
    expect(round.challenge.claimedClass).toBe('software'); // no claimed class: a CPU adapter
    expect(round.committed.body.verdict).toBeNull();
    expect(round.committed.body.openings!.openings).toHaveLength(16);
    // The compute phase passed: not a verdict yet, the memory phase is next.
    expect(round.opened!.body).toMatchObject({
      verdict: null,
      device: null,
      memoryPending: { compute: { accepted: true, provenClass: 'software' } },
    });
    expect(round.memory!.walked.body).toMatchObject({
      walk: { challengeId: round.challenge.challengeId },
      verdict: null,
    });
    expect(round.memory!.walkCommitted!.body.openings!.openings).toHaveLength(12);
    expect(round.verdict!.status).toBe(200);
    expect(round.verdict!.body.verdict).toMatchObject({
      accepted: true,
      provenClass: 'software',
      memoryBytes: 8192,
    });
    expect(round.verdict!.body.device).toMatchObject({
      status: 'verified',
      provenClass: 'software',
      provenMemoryBytes: 8192,
      proofDueAt: iso(bed.clock + bed.coordinator.params.proofIntervalMs),
    });
    expect(challengeRow(round.challenge.challengeId).state).toBe('done');

    await device.heartbeat();
    const job = canaryJob(0, FITS_8_KIB); // leased only to a device that proved the memory it needs
    await bed.coordinator.enqueue([job]);
    const { jobs } = (await device.lease()).body;
    const result = await device.submit(jobs[0]!);
    expect(result.body.outcome).toBe('accepted');
    expect(result.body.credited).toBe(
      String(rewardFor(bed.coordinator.params, job.flops, 'software').amount),
    );

    // Proven, so the next proof waits for its time: no new challenge, nothing changes.
    const message = await refused(() => askChallenge(device), 409, 'proof-not-due');
    expect(message).toContain(iso(bed.clock + bed.coordinator.params.proofIntervalMs));
  });

  it('dispatches by the class proved, never the one claimed', async () => {
    await bed.start();
    const device = await bed.registered('rtx-4090');
    const round = await proveOverHttp(device);
    expect(round.challenge.claimedClass).toBe('rtx-4090');
    expect(round.verdict!.body.device).toMatchObject({ claimedClass: 'rtx-4090', provenClass: 'software' });
    await device.heartbeat();
    const small = canaryJob(0, FITS_8_KIB);
    await bed.coordinator.enqueue([canaryJob(1, FITS_8_KIB), small]); // tier 1 is for 20+ TFLOPS classes
    const { jobs } = (await device.lease(2)).body;
    expect(jobs.map((j) => j.spec.id)).toEqual([small.spec.id]);
  });

  it('rejects a late commitment with a readable reason, fails the device until its retry time', async () => {
    await bed.start();
    const device = await bed.registered();
    const late = await proveOverHttp(device, { beforeCommit: () => (bed.clock += 6_000) });
    expect(late.committed.status).toBe(200);
    expect(late.committed.body.openings).toBeNull();
    expect(late.committed.body.verdict).toMatchObject({ accepted: false, provenClass: null });
    expect(late.committed.body.verdict!.reason).toMatch(
      /^timed out after 6\.0 s \(expected <= 5\.0 s\): the GPU reached 0\.0 GFLOPS where a software reaches ~1/,
    );
    const retryAt = iso(bed.clock + bed.coordinator.params.proofRetryMs);
    const status = (await device.request('GET', '/v1/devices/status')).body;
    expect(status).toMatchObject({ status: 'failed', nextCheckAt: retryAt, proofDueAt: retryAt });
    expect(status.reason).toMatch(/^Proof of GPU failed: timed out after 6\.0 s/);
    expect((await device.lease()).body.reason).toMatch(/Device is failed: Proof of GPU failed/);

    expect(await refused(() => askChallenge(device), 409, 'proof-not-due')).toContain(retryAt);
    // The same commitment again (its answer lost): the same verdict, nothing changes.
    const before = snapshot(bed.coordinator, false);
    const again = await device.request('POST', '/v1/proof/commitment', late.commitment);
    expect(again.body).toEqual(late.committed.body);
    expect(snapshot(bed.coordinator, false)).toBe(before);

    bed.clock += bed.coordinator.params.proofRetryMs;
    const retried = await proveOverHttp(device);
    expect(retried.verdict!.body.device).toMatchObject({ status: 'verified', provenClass: 'software' });
  });

  it('fails a device that skipped the work, or computed another challenge', async () => {
    await bed.start();
    const skipper = await bed.registered();
    const round = await proveOverHttp(skipper, { skipWork: true });
    expect(round.committed.body.openings).not.toBeNull(); // roots alone cannot tell
    expect(round.verdict!.body.verdict.accepted).toBe(false);
    expect(round.verdict!.body.verdict.reason).toMatch(
      /^wrong result in block \d, row \d+, columns 0\.\.63: the GPU did not compute the challenge/,
    );
    expect(round.verdict!.body.device).toMatchObject({
      status: 'failed',
      provenClass: null,
      nextCheckAt: iso(bed.clock + bed.coordinator.params.proofRetryMs),
    });
    expect(round.verdict!.body.device.reason).toMatch(/^Proof of GPU failed: wrong result in block/);

    const other = await proveOverHttp(await bed.registered(), { proverSeed: 'ab'.repeat(32) });
    expect(other.verdict!.body.verdict.reason).toMatch(/^opening 0 .* does not match the commitment$/);
    expect(other.verdict!.body.device.status).toBe('failed');
  });

  it('refuses answers to a voided, unknown, foreign or settled challenge without a change', async () => {
    await bed.start();
    const device = await bed.registered();
    const first = (await askChallenge(device)).body as PogChallenge;
    const firstProver = cpuProve(first);
    const firstCommitment = signCommitment(device.identity, first, { ...firstProver, proverMs: 1 });
    const opened = (await device.request('POST', '/v1/proof/commitment', firstCommitment)).body;
    const firstAnswer = firstProver.open(opened.openings, first.challengeId);

    // A new challenge voids the unfinished one: its answers are stale now.
    const second = (await askChallenge(device)).body as PogChallenge;
    expect(challengeRow(first.challengeId).state).toBe('void');
    const post =
      (path: string, body: unknown, who = device) =>
      () =>
        who.request('POST', `/v1/proof/${path}`, body);
    expect(await refused(post('openings', firstAnswer), 409, 'stale-challenge')).toMatch(
      /replaced by a newer challenge/,
    );
    expect(await refused(post('commitment', firstCommitment), 409, 'stale-challenge')).toMatch(
      /replaced by a newer challenge/,
    );
    const unknown = { ...firstAnswer, challengeId: 'no-such-challenge' };
    expect(await refused(post('openings', unknown), 409, 'stale-challenge')).toMatch(
      /no challenge no-such-challenge was issued to this device/,
    );
    const secondProver = cpuProve(second);
    const stranger = await bed.registered();
    const stolen = signCommitment(stranger.identity, second, { ...secondProver, proverMs: 1 });
    expect(await refused(post('commitment', stolen, stranger), 409, 'stale-challenge')).toMatch(
      /was issued to this device/,
    );
    const early = secondProver.open({ challengeId: second.challengeId, openings: [] }, second.challengeId);
    expect(await refused(post('openings', early), 409, 'stale-challenge')).toMatch(/has no commitment yet/);

    const commitment = signCommitment(device.identity, second, { ...secondProver, proverMs: 1 });
    const openings = (await post('commitment', commitment)()).body.openings;
    // The same commitment again gives the same openings: the draw happened once.
    expect((await post('commitment', commitment)()).body.openings).toEqual(openings);
    const answer = secondProver.open(openings, second.challengeId);
    expect((await post('openings', answer)()).body.memoryPending.compute.accepted).toBe(true);
    expect(await refused(post('openings', answer), 409, 'stale-challenge')).toMatch(
      /passed its compute phase and waits for the memory phase: fill the buffer, then POST \/v1\/proof\/memory\/ready/,
    );
    expect((await proveMemoryOverHttp(device, second)).verdict!.body.device.status).toBe('verified');
    expect(await refused(post('openings', answer), 409, 'stale-challenge')).toMatch(
      /already settled \(accepted\)/,
    );
    expect(await refused(post('commitment', commitment), 409, 'stale-challenge')).toMatch(/already settled/);
  });

  it('hints a due proof, and fails a device whose proof is overdue past the grace', async () => {
    await bed.start();
    const device = await bed.registered();
    await proveOverHttp(device);
    const dueAt = bed.clock + bed.coordinator.params.proofIntervalMs;
    const push = await listen(bed.coordinator, device);
    bed.clock = dueAt - 1;
    await refused(() => askChallenge(device), 409, 'proof-not-due');

    bed.clock = dueAt;
    await device.heartbeat();
    await bed.coordinator.sweep();
    expect(await push.next()).toEqual({ type: 'proof-due' });
    await bed.coordinator.sweep(); // hinted once per due time
    expect((await device.lease()).body.reason).toMatch(/No queued job/); // still verified, still earns

    bed.clock = dueAt + bed.coordinator.params.proofGraceMs + 1;
    await bed.coordinator.sweep();
    expect(await push.next()).toMatchObject({ type: 'status-changed', status: 'failed' });
    expect(push.events).toEqual([]);
    const status = (await device.request('GET', '/v1/devices/status')).body;
    expect(status).toMatchObject({ status: 'failed', proofDueAt: iso(bed.clock) });
    expect(status.reason).toBe(
      `Proof of GPU overdue since ${iso(dueAt)}; the device proves itself on its next start.`,
    );
    push.close();

    // On its next start it proves at once and is verified again, with the next proof scheduled.
    const round = await proveOverHttp(device);
    expect(round.verdict!.body.device).toMatchObject({
      status: 'verified',
      proofDueAt: iso(bed.clock + bed.coordinator.params.proofIntervalMs),
    });
  });

  it('refuses every proof step to a blocked device', async () => {
    await bed.start();
    const device = await bed.registered();
    const challenge = (await askChallenge(device)).body as PogChallenge;
    await bed.coordinator.devices.block(device.id, 'Blocked: a game ran while the device was listed.', null);
    expect(await refused(() => askChallenge(device), 403, 'blocked')).toMatch(/a game ran/);
    const commitment = signCommitment(device.identity, challenge, { ...cpuProve(challenge), proverMs: 1 });
    await refused(() => device.request('POST', '/v1/proof/commitment', commitment), 403, 'blocked');
    const { ready } = memoryMessages(device, challenge);
    await refused(() => device.request('POST', '/v1/proof/memory/ready', ready), 403, 'blocked');
  });

  it('describes the proof routes in the OpenAPI document', async () => {
    await bed.start();
    const doc = (await (await fetch(`${bed.coordinator.url}/openapi.json`)).json()) as any;
    for (const step of [
      'challenge',
      'commitment',
      'openings',
      'memory/ready',
      'memory/commitment',
      'memory/openings',
    ])
      expect(doc.paths[`/v1/proof/${step}`].post.responses).toHaveProperty('403');
    const challenge = doc.paths['/v1/proof/challenge'].post.requestBody.content['application/json'].schema;
    expect(challenge.properties.limits.properties).toHaveProperty('maxStorageBufferBindingSize');
    const opened = doc.paths['/v1/proof/openings'].post.responses['200'].content['application/json'].schema;
    expect(opened.properties).toHaveProperty('memoryPending');
    const ready = doc.paths['/v1/proof/memory/ready'].post;
    expect(ready.requestBody.content['application/json'].schema.properties).toHaveProperty('signature');
    expect(ready.responses['200'].content['application/json'].schema.properties).toHaveProperty('walk');
    const commitment = doc.paths['/v1/proof/commitment'].post;
    expect(commitment.requestBody.content['application/json'].schema.properties).toHaveProperty('signature');
    expect(commitment.responses['200'].content['application/json'].schema.properties).toHaveProperty(
      'openings',
    );
    const status = doc.paths['/v1/devices/status'].get.responses['200'].content['application/json'].schema;
    expect(status.properties).toHaveProperty('proofDueAt');
  });
});
