// What the provider node costs the owner's machine, measured on the real CLI in child processes:
// - secondsToFirstVerifiedJob: `io-provider run` in a fresh data folder with nothing configured
//   (embedded sandbox network) until the first job is verified and credited; includes the first
//   benchmark and the proof of GPU.
// - paused / watching: CPU (% of one core) of the node process plus its GPU worker, while the owner
//   has paused it, and while Auto waits outside the owner's schedule (the governor watching for the
//   moment it may work). Each is the median of 5 windows of 10 s taken beside a busy neighbour
//   process (a CPU-bound loop), as on a PC where something else runs. The network runs in its own
//   process and is not counted. RSS of the node and of its worker.
// Linux only: it reads /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeState } from '../common/dashboard-api.js';
import { readLockFile } from '../main/compose/node-lock.js';

export const description =
  'node footprint: CPU % of a core (node + GPU worker) paused and watching, RSS, seconds from `run` to the first verified job';

const CLK_TCK = 100;
const WINDOW_MS = 10_000;
const WINDOWS = 5;
/** The node ends its idle GPU worker a minute into a pause (DEFAULT_TIMING.releaseWorkerMs). */
const SETTLE_MS = 65_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['dist/cli.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function cpuSeconds(pid: number, withReapedChildren = false): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const own = Number(fields[11]) + Number(fields[12]); // utime + stime
  const reaped = withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0; // cutime + cstime
  return (own + reaped) / CLK_TCK;
}

/**
 * The node and its GPU worker together: the worker may be ended (released while paused) or started
 * again within a window, so count the node's own time, its ended children's, and its live one's.
 */
function treeCpuSeconds(pid: number): number {
  const child = workerPid(pid);
  return cpuSeconds(pid, true) + (child && existsSync(`/proc/${child}`) ? cpuSeconds(child) : 0);
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

const round = (x: number | null, digits = 2) => (x === null ? null : Number(x.toFixed(digits)));

/** CPU of the node and its worker over WINDOWS windows: each window's % of a core, and the median. */
async function cpuWindows(pid: number): Promise<{ median: number; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    const cpu0 = treeCpuSeconds(pid);
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    samples.push(round(((treeCpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000)) * 100, 3)!);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, samples };
}

/** A one-hour schedule window on today's weekday that is closed now (it opens in 6 h). */
function closedWindow(now: Date): { days: number[]; start: string; end: string } {
  const at = (hours: number) => `${String((now.getHours() + hours) % 24).padStart(2, '0')}:00`;
  return { days: [0, 1, 2, 3, 4, 5, 6], start: at(6), end: at(7) };
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

    const neighbour = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    try {
      await api(dataDir, '/api/call/setMode', { mode: 'paused' });
      await until(dataDir, (s) => s.phase === 'waiting' && s.job === null, 60_000);
      // Past the worker's release (a minute after the pause): how a node paused for hours costs.
      await sleep(SETTLE_MS);
      const paused = await cpuWindows(pid);

      // Auto, outside every schedule window: the governor waits and watches.
      const settings = (await api<{ governor: Record<string, unknown> }>(
        dataDir,
        '/api/call/getSettings',
        {},
      ))!;
      const closedNow = closedWindow(new Date());
      await api(dataDir, '/api/call/updateSettings', {
        governor: { ...settings.governor, mode: { kind: 'auto' }, schedule: { windows: [closedNow] } },
      });
      await until(dataDir, (s) => s.governor.code === 'outside-schedule' && s.job === null, 60_000);
      await sleep(SETTLE_MS);
      const watching = await cpuWindows(pid);
      return {
        pausedCpuPercent: paused.median,
        watchingCpuPercent: watching.median,
        spread: { paused: paused.samples, watching: watching.samples },
        rssMb: round(rssMb(pid), 1),
        rssWorkingMb: round(rssWorkingMb, 1),
        gpuWorkerRunningWhilePaused: workerPid(pid) !== null,
        gpuWorkerRssWorkingMb: round(workerRssWorkingMb, 1),
        secondsToFirstVerifiedJob: round(secondsToFirstVerifiedJob, 1),
        notes: `CPU of the node process + its GPU worker (ended a minute into a pause, counted while it ran), % of one core, median of ${WINDOWS} windows of ${WINDOW_MS / 1000} s beside a busy neighbour process; the network runs apart; the first verified job includes the first benchmark and the proof of GPU`,
      };
    } finally {
      await stop(neighbour);
    }
  } finally {
    if (node) await stop(node);
    await stop(network);
  }
}
