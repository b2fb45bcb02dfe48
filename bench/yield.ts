// Yield latency: from "the owner is back" to the GPU idle. A long job with realistic chunks runs in
// the GPU worker; at random moments the owner becomes active, and we time client.pause() until the
// worker reports that the in-flight chunk finished and nothing else was submitted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GpuWorkerClient } from '../main/gpu/gpu-worker-client.js';
import { median } from '../main/gpu/measure.js';
import { nodeForkSpawner } from '../main/gpu/worker-process.js';
import { loadOrCreateDeviceIdentity } from '../main/identity/device-identity.js';
import { executeJob } from '../main/jobs/job-executor.js';
import { busyJob } from '../test/fixtures/job-builders.js';

export const description = 'time from "user active" to the GPU idle during a job (p99Ms), chunk length';

const TRIALS = 100;
const TARGET_CHUNK_MS = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const trials = Number(args.find((a) => a.startsWith('--trials='))?.split('=')[1] ?? TRIALS);
  const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
  const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'bench-identity-')));
  const options = { client, identity, loadInput: () => Promise.resolve(undefined) };
  try {
    const adapter = await client.call('adapter-info', {});
    // Calibrate chunk length: the network sizes chunks for the device's measured speed. Probe with
    // chunks long enough that per-submit costs do not distort the per-round time.
    const PROBE_ROUNDS = 400;
    await executeJob(options, busyJob(2, 8, 'warm-up'));
    const probe = await executeJob(options, busyJob(4, PROBE_ROUNDS, 'calibrate'));
    const msPerRound = probe.result.timings.kernelMs / 4 / PROBE_ROUNDS;
    const rounds = Math.max(1, Math.round(TARGET_CHUNK_MS / msPerRound));

    const job = executeJob(options, busyJob(100_000, rounds, 'yield'));
    const latencies: number[] = [];
    await sleep(200);
    for (let i = 0; i < trials; i++) {
      await sleep(Math.random() * 2 * TARGET_CHUNK_MS); // the owner comes back at any moment
      latencies.push(await client.pause());
      await sleep(5);
      client.resume();
    }
    client.cancel();
    const result = await job.catch((e: Error) => e);
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) =>
      round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
    return {
      adapter: adapter.description,
      trials,
      chunkMs: round(msPerRound * rounds),
      p50Ms: pct(50),
      p90Ms: pct(90),
      p99Ms: pct(99),
      maxMs: round(sorted[sorted.length - 1]!),
      meanMs: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
      medianMs: round(median(latencies)),
      goalP99Ms: 100,
      jobEnded: result instanceof Error ? result.message : 'finished',
    };
  } finally {
    client.stop();
  }
}

const round = (value: number) => Math.round(value * 100) / 100;
