// What the provider node costs the owner's machine, measured on the real CLI in child processes:
// - secondsToFirstVerifiedJob: `io-provider run` in a fresh data folder with nothing configured
//   (embedded sandbox network) until the first job is verified and credited; includes the first
//   benchmark and the proof of GPU.
// - idleCpuPercent / rssMb: the node process alone (the network runs in its own process, the GPU
//   worker is a separate child and reported apart), paused by the owner, over a 30 s window.
// Linux only: it reads /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeState } from '../common/dashboard-api.js';
import { readLockFile } from '../main/compose/node-lock.js';

export const description =
  'node footprint: idle CPU % of a core and RSS of the node process, seconds from `run` to the first verified job';

const CLK_TCK = 100;
const IDLE_WINDOW_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['dist/cli.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kb) / 1024;
}

/** The GPU worker is the node's only child process. */
function workerPid(nodePid: number): number | null {
  const children = readFileSync(`/proc/${nodePid}/task/${nodePid}/children`, 'utf8').trim();
  return children ? Number(children.split(/\s+/)[0]) : null;
}

async function api<T>(dataDir: string, path: string, body?: unknown): Promise<T | null> {
  const lock = readLockFile(dataDir);
  if (!lock) return null;
  try {
    const res = await fetch(`${lock.origin}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${lock.token}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

async function until(
  dataDir: string,
  test: (s: NodeState) => boolean,
  timeoutMs: number,
): Promise<NodeState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await api<NodeState>(dataDir, '/api/state');
    if (state && test(state)) return state;
    if (Date.now() > deadline) throw new Error(`node did not get there in time; last: ${state?.headline}`);
    await sleep(100);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

async function firstVerifiedJob(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-footprint-first-'));
  const started = performance.now();
  const node = cli(['run', '--data', dataDir]);
  try {
    await until(dataDir, (s) => s.earnings.jobsVerified >= 1, 300_000);
    return (performance.now() - started) / 1000;
  } finally {
    await stop(node);
  }
}

async function networkUrl(network: ChildProcess): Promise<string> {
  let out = '';
  for await (const chunk of network.stdout!) {
    out += String(chunk);
    const url = /coordinator\s+(http:\/\/\S+)/.exec(out)?.[1];
    if (url) return url;
  }
  throw new Error(`the network did not start: ${out}`);
}

export async function run(): Promise<Record<string, unknown>> {
  const secondsToFirstVerifiedJob = await firstVerifiedJob();

  const root = mkdtempSync(join(tmpdir(), 'bench-footprint-'));
  const network = cli(['network', '--data', join(root, 'net')]);
  const dataDir = join(root, 'node');
  let node: ChildProcess | null = null;
  try {
    node = cli(['run', '--network', await networkUrl(network), '--data', dataDir]);
    const pid = node.pid!;
    await until(dataDir, (s) => s.earnings.jobsVerified >= 3, 300_000);
    const rssWorkingMb = rssMb(pid);
    const worker = workerPid(pid);
    const workerRssWorkingMb = worker ? rssMb(worker) : null;

    await api(dataDir, '/api/call/setMode', { mode: 'paused' });
    await until(dataDir, (s) => s.phase === 'waiting' && s.job === null, 60_000);
    await sleep(5_000); // let the last job's buffers and timers settle
    const cpu0 = cpuSeconds(pid);
    const workerCpu0 = worker ? cpuSeconds(worker) : 0;
    const t0 = performance.now();
    await sleep(IDLE_WINDOW_MS);
    const seconds = (performance.now() - t0) / 1000;
    const idleCpuPercent = ((cpuSeconds(pid) - cpu0) / seconds) * 100;
    const workerIdleCpuPercent = worker ? ((cpuSeconds(worker) - workerCpu0) / seconds) * 100 : null;
    const round = (x: number | null, digits = 2) => (x === null ? null : Number(x.toFixed(digits)));
    return {
      idleCpuPercent: round(idleCpuPercent),
      rssMb: round(rssMb(pid), 1),
      secondsToFirstVerifiedJob: round(secondsToFirstVerifiedJob, 1),
      rssWorkingMb: round(rssWorkingMb, 1),
      gpuWorker: {
        idleCpuPercent: round(workerIdleCpuPercent),
        rssMb: worker ? round(rssMb(worker), 1) : null,
        rssWorkingMb: round(workerRssWorkingMb, 1),
      },
      idleWindowSeconds: round(seconds, 1),
      notes:
        'node process only (GPU worker and network in other processes); idle = paused by the owner; the first verified job includes the first benchmark and the proof of GPU',
    };
  } finally {
    if (node) await stop(node);
    await stop(network);
  }
}
