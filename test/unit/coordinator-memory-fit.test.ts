// Memory-aware leasing: a job needs the GPU memory its spec declares (resources.memoryBytes, else the
// sum of its buffers), and the coordinator leases it only to a device whose proof of GPU showed that
// much; a device without a memory proof gets jobs up to WebGPU's default maxBufferSize. The reason a
// device got nothing says so.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobMemoryBytes, jobSpecSchema } from '../../common/job-spec.js';
import type { Coordinator } from '../../coordinator/coordinator.js';
import { MIGRATIONS } from '../../coordinator/store/migrations.js';
import { canaryJob } from '../../coordinator/workload/generator.js';
import type { NewJob } from '../../coordinator/service/jobs.js';
import { startTestCoordinator, tempDir } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

let coordinator: Coordinator;
afterEach(() => coordinator?.stop());

const MiB = 1024 * 1024;

async function provenDevice(c: Coordinator, memoryBytes: number | null) {
  const device = new SimDevice(c.url);
  expect((await device.register('rtx-3060')).status).toBe(200);
  await c.devices.markVerified(device.id, 'rtx-3060', 3000, memoryBytes);
  expect((await device.heartbeat()).body.status).toBe('verified');
  return device;
}

/** A real tier-0 canary that declares it needs `memoryBytes` of GPU memory. */
function jobNeeding(memoryBytes: number): NewJob {
  const job = canaryJob(0);
  return { ...job, spec: { ...job.spec, id: `${job.spec.id}-m${memoryBytes}`, resources: { memoryBytes } } };
}

const leasedIds = async (device: SimDevice) => (await device.lease(8)).body.jobs.map((j) => j.spec.id);

describe('memory-aware leasing', () => {
  it('leases a device only the jobs that fit the memory it proved, and says why it got none', async () => {
    coordinator = await startTestCoordinator();
    const small = await provenDevice(coordinator, 4 * MiB);
    const large = await provenDevice(coordinator, 64 * MiB);
    const big = jobNeeding(16 * MiB);
    const fits = canaryJob(0); // its buffers: well under 4 MiB
    await coordinator.enqueue([big, fits]);
    expect(jobMemoryBytes(jobSpecSchema.parse(fits.spec))).toBeLessThan(4 * MiB);

    expect(await leasedIds(small)).toEqual([fits.spec.id]); // the older, bigger job is skipped
    const none = (await small.lease(8)).body;
    expect(none).toEqual({
      jobs: [],
      wait: 'no-fit',
      reason:
        'No queued job fits the 4.2 MB of GPU memory this device proved: the only one waiting needs 16.8 MB.',
    });
    expect(await leasedIds(large)).toEqual([big.spec.id]);
    expect((await small.lease(8)).body).toMatchObject({
      wait: 'queue-empty',
      reason: 'No queued job for this device class right now.',
    });
  });

  it('counts what a job needs from its spec and stores it with the job', async () => {
    coordinator = await startTestCoordinator();
    const plain = canaryJob(0);
    await coordinator.enqueue([plain, jobNeeding(5 * MiB)]);
    const rows = coordinator.db.prepare('SELECT id, memory_bytes FROM jobs').all();
    const buffers = jobSpecSchema.parse(plain.spec).bindings.reduce((sum, b) => sum + b.source.size, 0);
    expect(rows).toContainEqual({ id: plain.spec.id, memory_bytes: buffers });
    expect(rows).toContainEqual({ id: expect.stringMatching(/-m5242880$/), memory_bytes: 5 * MiB });
  });

  it("gives a device without a memory proof jobs up to WebGPU's default buffer size", async () => {
    coordinator = await startTestCoordinator();
    const device = await provenDevice(coordinator, null);
    const over = jobNeeding(300 * MiB);
    const within = jobNeeding(256 * MiB);
    await coordinator.enqueue([over, within]);
    expect(await leasedIds(device)).toEqual([within.spec.id]);
    expect((await device.lease(8)).body.reason).toBe(
      'No queued job fits the 268.4 MB of GPU memory a device without a memory proof is leased jobs for: the only one waiting needs 314.6 MB.',
    );
  });

  it('says in the device status which jobs it earns from', async () => {
    coordinator = await startTestCoordinator();
    const proven = await provenDevice(coordinator, 4 * MiB);
    expect((await proven.heartbeat()).body.reason).toMatch(
      /^Verified as rtx-3060; earns from jobs that fit the 4\.2 MB of GPU memory it proved\. Cluster-ready needs /,
    );
    const unproven = await provenDevice(coordinator, null);
    expect((await unproven.heartbeat()).body.reason).toMatch(
      /^Verified as rtx-3060; earns from jobs of up to 268\.4 MB of GPU memory \(it proved none\)\. /,
    );
  });

  it('fills in what the queued jobs of an older database need (migration 6)', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'coordinator.sqlite'));
    db.exec(
      'CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 5)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const insert = db.prepare(
      `INSERT INTO jobs (id, spec_json, spec_sha256, verification, check_json, tier, flops, state, created_at)
         VALUES (?, ?, '', 'canary', '{}', 0, 1, ?, 1)`,
    );
    const plain = jobSpecSchema.parse(canaryJob(0).spec);
    const declared = jobSpecSchema.parse(jobNeeding(9 * MiB).spec);
    insert.run('plain', JSON.stringify(plain), 'queued');
    insert.run('declared', JSON.stringify(declared), 'leased');
    insert.run('settled', '', 'verified');
    db.close();
    coordinator = await startTestCoordinator({}, { dataDir });
    const memory = Object.fromEntries(
      (
        coordinator.db.prepare('SELECT id, memory_bytes FROM jobs').all() as {
          id: string;
          memory_bytes: number;
        }[]
      ).map((r) => [r.id, r.memory_bytes]),
    );
    expect(memory).toEqual({ plain: jobMemoryBytes(plain), declared: 9 * MiB, settled: 0 });
  });
});
