// kill -9 of the provider node in the middle of a job, then a restart on the same data folder: the
// job held at the kill is redone (or its kept result resent), nothing is credited twice, nothing is
// lost, and the node's ledger ends equal to the coordinator's. The node runs as the real CLI in a
// child process; the network runs here, so the test can read the coordinator's tables.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeState } from '../../common/dashboard-api.js';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { readLockFile } from '../../main/compose/node-lock.js';
import { coordinatorLedger, waitFor } from '../fixtures/node-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'io-node-crash-'));
const dataDir = join(root, 'node');
let network: SandboxNetwork;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await network?.stop();
});

function startNode(): ChildProcess {
  const child = spawn(
    process.execPath,
    ['dist/cli.js', 'run', '--network', network.coordinatorUrl, '--data', dataDir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  children.push(child);
  return child;
}

async function stateOf(): Promise<NodeState | null> {
  const lock = readLockFile(dataDir);
  if (!lock) return null;
  try {
    const res = await fetch(`${lock.origin}/api/state`, {
      headers: { authorization: `Bearer ${lock.token}` },
    });
    return res.ok ? ((await res.json()) as NodeState) : null;
  } catch {
    return null;
  }
}

async function waitForState(
  test: (s: NodeState) => boolean,
  timeoutMs: number,
  what: string,
): Promise<NodeState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await stateOf();
    if (state && test(state)) return state;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last state: ${state?.headline}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const nodeTable = <T>(query: string): T[] => {
  const db = new Database(join(dataDir, 'node.sqlite'), { readonly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
};

describe('the provider node killed with -9 mid-job', () => {
  it('loses no earnings and credits nothing twice after a restart', async () => {
    // Short leases, so a job leased just before the kill and never stored comes back quickly.
    network = await startNetwork({ dataDir: join(root, 'net'), params: { leaseMs: 15_000, sweepMs: 1_000 } });
    const first = startNode();
    await waitForState((s) => s.earnings.jobsVerified >= 2, 150_000, 'two verified jobs');
    const running = await waitForState((s) => s.job !== null, 60_000, 'a job in progress');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const deviceId = running.device.id;
    const db = network.coordinator.db;
    const heldAtKill = db
      .prepare(`SELECT id, job_id FROM leases WHERE device_id = ? AND state = 'active'`)
      .all(deviceId) as { id: string; job_id: string }[];
    expect(heldAtKill.length).toBeGreaterThan(0);

    const second = startNode();
    const verifiedBefore = coordinatorLedger(db, deviceId).length;
    await waitForState((s) => s.earnings.jobsVerified >= verifiedBefore + 2, 150_000, 'more verified jobs');
    // Every lease held at the kill is settled: redone and submitted, or expired and requeued.
    await waitFor(
      () =>
        heldAtKill.every(
          (l) =>
            (db.prepare('SELECT state FROM leases WHERE id = ?').get(l.id) as { state: string }).state !==
            'active',
        ),
      60_000,
      'the leases held at the kill to be settled',
    );
    // `io-provider status --json` reads the running node's state through its dashboard API.
    const status = spawnSync(process.execPath, ['dist/cli.js', 'status', '--json', '--data', dataDir], {
      encoding: 'utf8',
    });
    expect(status.status).toBe(0);
    const reported = JSON.parse(status.stdout) as NodeState;
    expect(reported.device.id).toBe(deviceId);
    expect(reported.earnings.jobsVerified).toBeGreaterThanOrEqual(verifiedBefore + 2);

    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));
    expect(second.exitCode).toBe(0);
    const stopped = spawnSync(process.execPath, ['dist/cli.js', 'status', '--data', dataDir], {
      encoding: 'utf8',
    });
    expect(stopped.status).toBe(3);
    expect(stopped.stderr).toMatch(/no node is running with the data folder/);

    // Nothing owed is left behind, and the node's ledger is the coordinator's.
    expect(nodeTable('SELECT * FROM outbox')).toEqual([]);
    expect(nodeTable('SELECT * FROM leases')).toEqual([]);
    const coordinatorRows = coordinatorLedger(db, deviceId);
    expect(
      nodeTable(
        'SELECT entry_id AS entryId, job_id AS jobId, amount, state, created_at AS createdAt FROM ledger ORDER BY created_at, entry_id',
      ),
    ).toEqual(coordinatorRows);
    // Each job credited at most once; each job the node calls verified is in the ledger.
    expect(new Set(coordinatorRows.map((r) => r.jobId)).size).toBe(coordinatorRows.length);
    const verifiedJobs = nodeTable<{ job_id: string }>(
      `SELECT job_id FROM job_history WHERE outcome = 'verified'`,
    );
    const credited = new Set(coordinatorRows.map((r) => r.jobId));
    expect(verifiedJobs.filter((j) => !credited.has(j.job_id))).toEqual([]);
    // The job the kill interrupted was redone (or its kept result resent) under the same lease.
    const interrupted = heldAtKill.find((l) => l.job_id === running.job!.jobId)!;
    expect(
      (db.prepare('SELECT state FROM leases WHERE id = ?').get(interrupted.id) as { state: string }).state,
    ).toBe('submitted');
    const history = nodeTable<{ outcome: string }>(
      `SELECT outcome FROM job_history WHERE lease_id = '${interrupted.id}'`,
    );
    expect(history.map((h) => h.outcome)).toEqual(['verified']);
  });
});
