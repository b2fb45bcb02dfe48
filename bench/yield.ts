// Yield latency: from "the owner is back" to the GPU idle. A long job with realistic chunks runs in
// the GPU worker under the real GovernorService; at random moments the owner touches the PC
// (signalActivity, as Electron's input events will), the governor decides, and we time from that
// signal until the worker reports that the in-flight chunk finished and nothing else was submitted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HARD_YIELD_MS, GpuWorkerClient } from '../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../main/gpu/host/worker-process.js';
import { loadOrCreateDeviceIdentity } from '../main/identity/device-identity.js';
import { executeJob, JobFailedError } from '../main/gpu/host/job-executor.js';
import { governWorker } from '../test/fixtures/governed-worker.js';
import { busyJob } from '../test/fixtures/job-builders.js';

export const description = 'time from "user active" to the GPU idle during a job, via the governor (p99Ms)';

const TRIALS = 60;
const TARGET_CHUNK_MS = 30;
const IDLE_START_SECONDS = 1; // the shortest the policy allows, so trials come quickly
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const trials = Number(args.find((a) => a.startsWith('--trials='))?.split('=')[1] ?? TRIALS);
  const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
  const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'bench-identity-')));
  const options = { client, identity, loadInput: () => Promise.resolve(undefined) };
  const governed = governWorker(client, { idleStartSeconds: IDLE_START_SECONDS });
  try {
    const adapter = await client.call('adapter-info', {});
    // Chunks as the network sizes them for this device, probed with chunks long enough that
    // per-submit costs do not distort the per-round time.
    const PROBE_ROUNDS = 400;
    await executeJob(options, busyJob(2, 8, 'warm-up'));
    const probe = await executeJob(options, busyJob(4, PROBE_ROUNDS, 'calibrate'));
    const msPerRound = probe.result.timings.kernelMs / 4 / PROBE_ROUNDS;
    const rounds = Math.max(1, Math.round(TARGET_CHUNK_MS / msPerRound));

    // Keep a job running as the node will: a job preempted by the hard yield runs again.
    let preemptions = 0;
    let stopping = false;
    const runJobs = async () => {
      for (let n = 0; !stopping; n++) {
        const ended = await executeJob(options, busyJob(100_000, rounds, `yield-${n}`)).catch(
          (e: unknown) => e,
        );
        if (!(ended instanceof JobFailedError && ended.code === 'preempted')) return ended;
        preemptions++;
      }
    };
    governed.setJobInProgress(true);
    const jobs = runJobs();
    const signalToPauseMs: number[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < trials; i++) {
      while (governed.service.current().action !== 'run') await sleep(20); // the owner is away again
      await sleep(50 + Math.random() * 2 * TARGET_CHUNK_MS); // they come back at any moment
      const before = governed.pauses.length;
      const signalledAt = performance.now();
      governed.ownerIsBack();
      const pause = governed.pauses[before];
      if (!pause) throw new Error('the governor did not pause on activity');
      signalToPauseMs.push(pause.calledAt - signalledAt);
      latencies.push(pause.calledAt - signalledAt + (await pause.latency));
    }
    stopping = true;
    client.cancel();
    const ended = await jobs;
    return {
      adapter: adapter.description,
      trials,
      chunkMs: round(msPerRound * rounds),
      p50Ms: percentile(latencies, 50),
      p90Ms: percentile(latencies, 90),
      p99Ms: percentile(latencies, 99),
      maxMs: percentile(latencies, 100),
      slowestMs: [...latencies]
        .sort((a, b) => b - a)
        .slice(0, 5)
        .map(round),
      governorDecideMs: percentile(signalToPauseMs, 50),
      goalP99Ms: 100,
      hardYieldMs: DEFAULT_HARD_YIELD_MS,
      preemptions,
      jobEnded: ended instanceof Error ? ended.message : 'finished',
    };
  } finally {
    governed.stop();
    client.stop();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}

const round = (value: number) => Math.round(value * 100) / 100;
