// kill -9 of the coordinator in the middle of traffic, then a restart on the same data folder: every
// job is still there, every acknowledged credit survived, and no job is credited twice.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../coordinator/harness.js';
import { SimDevice, type LeasedJob } from '../coordinator/sim-device.js';

const JOBS = 120;
const children: ChildProcess[] = [];
afterEach(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('../coordinator/coordinator-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, String(JOBS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

function readLedger(dataDir: string): Map<string, string> {
  const db = new Database(join(dataDir, 'coordinator.sqlite'));
  const rows = db.prepare('SELECT job_id, device_id, amount FROM ledger').all() as {
    job_id: string;
    device_id: string;
    amount: string;
  }[];
  db.close();
  return new Map(rows.map((r) => [r.job_id, `${r.device_id} ${r.amount}`]));
}

describe('coordinator crash safety', () => {
  it('loses no job and credits none twice across a kill -9 mid-traffic', { timeout: 30_000 }, async () => {
    const dataDir = tempDir();
    let { child, url } = await startChild(dataDir);
    const devices = Array.from({ length: 8 }, () => new SimDevice(url));
    const acknowledged = new Map<string, string>(); // job id -> "device amount", as the devices heard it
    const unexpected: unknown[] = [];
    let lostWhileDown = 0;
    let running = true;
    let down = false;

    // Each device: lease, compute, submit; a submit whose answer was lost is retried after the restart.
    const work = async (device: SimDevice) => {
      let retry: LeasedJob[] = [];
      while (running) {
        try {
          if (!retry.length) {
            await device.heartbeat();
            retry = (await device.lease(2)).body.jobs;
            if (!retry.length) await new Promise((r) => setTimeout(r, 100));
          }
          while (retry.length) {
            const reply = await device.submit(retry[0]!);
            if (reply.body.outcome === 'accepted')
              acknowledged.set(reply.body.jobId, `${device.id} ${reply.body.credited}`);
            // 409: already settled, by this device before the crash (its answer was lost) or late.
            else if (reply.status !== 409) unexpected.push(reply.body);
            retry.shift();
          }
        } catch {
          if (down) lostWhileDown++;
          await new Promise((r) => setTimeout(r, down ? 50 : 0));
        }
      }
    };
    const register = async (d: SimDevice) => expect((await d.register()).body.status).toBe('verified');
    await Promise.all(devices.map(register));
    const workers = devices.map(work);

    while (acknowledged.size < JOBS / 3) await new Promise((r) => setTimeout(r, 5));
    down = true;
    child.kill('SIGKILL');
    await once(child, 'exit');
    const beforeCrash = new Map(acknowledged);
    // Every credit a device was told about is on disk at the moment of the kill.
    const atCrash = readLedger(dataDir);
    for (const [jobId, credit] of beforeCrash) expect(atCrash.get(jobId), jobId).toBe(credit);
    ({ child, url } = await startChild(dataDir));
    for (const d of devices) (d as { baseUrl: string }).baseUrl = url;
    down = false;
    const deadline = Date.now() + 20_000;
    while (acknowledged.size < JOBS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    running = false;
    await Promise.all(workers);
    child.kill('SIGTERM');
    await once(child, 'exit');

    const db = new Database(join(dataDir, 'coordinator.sqlite'), { readonly: true });
    const jobs = db.prepare('SELECT id, state FROM jobs').all() as { id: string; state: string }[];
    const entries = db.prepare('SELECT COUNT(*) AS n FROM ledger').get() as { n: number };
    db.close();
    expect(unexpected).toEqual([]);
    expect(lostWhileDown).toBeGreaterThan(0); // the kill did cut requests in flight
    expect(beforeCrash.size).toBeGreaterThanOrEqual(JOBS / 3);
    expect(jobs).toHaveLength(JOBS);
    expect(jobs.every((j) => j.state === 'verified')).toBe(true);
    expect(entries.n).toBe(JOBS); // one entry per job (and UNIQUE(job_id) allows no more)
    const credited = readLedger(dataDir);
    expect(credited.size).toBe(JOBS);
    for (const [jobId, credit] of acknowledged) expect(credited.get(jobId), jobId).toBe(credit);
  });
});
