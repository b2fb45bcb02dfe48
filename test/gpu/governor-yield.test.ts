// The yield path end to end on the real adapter: a compute-bound job runs in the GPU worker under the
// governor service; the owner comes back (signalActivity) and the GPU is idle within 250 ms; they
// leave again, the job resumes and completes every chunk.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { GpuWorkerClient } from '../../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../../main/gpu/host/worker-process.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import { executeJob } from '../../main/gpu/host/job-executor.js';
import { governWorker } from '../fixtures/governed-worker.js';
import { busyJob } from '../fixtures/job-builders.js';

// Soft yield only: this test checks that the paused job finishes every chunk afterwards.
const client = new GpuWorkerClient({ spawner: nodeForkSpawner(), hardYieldMs: Infinity });
const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'governor-identity-')));
afterAll(() => client.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const CHUNK_MS = 30;
const CHUNKS = 40;

it('yields the GPU within 250 ms of signalActivity() and finishes the job after the owner leaves', async () => {
  let progressEvents = 0;
  const options = {
    client,
    identity,
    loadInput: () => Promise.resolve(undefined),
    onProgress: () => void progressEvents++,
  };
  // Chunks of about CHUNK_MS on this adapter, as the network sizes them for the device.
  const probe = await executeJob(options, busyJob(2, 200, 'probe'));
  const rounds = Math.max(1, Math.round(CHUNK_MS / (probe.result.timings.kernelMs / 2 / 200)));

  const governed = governWorker(client, { idleStartSeconds: 1 });
  const { service, pauses } = governed;

  try {
    await until(() => service.current().action === 'run', 'the governor to allow running');

    governed.setJobInProgress(true);
    progressEvents = 0;
    const job = executeJob(options, busyJob(CHUNKS, rounds, 'governed'));
    await until(() => progressEvents >= 1, 'the job to be under way'); // progress comes every 250 ms

    const pausesBefore = pauses.length;
    const signalledAt = performance.now();
    governed.ownerIsBack();
    const pause = pauses[pausesBefore];
    expect(pause, 'signalActivity() called pause() before returning').toBeDefined();
    const toPauseCallMs = pause!.calledAt - signalledAt;
    const yieldMs = await pause!.latency;
    expect(toPauseCallMs).toBeLessThan(5);
    expect(yieldMs).toBeLessThan(250);
    expect(service.current()).toMatchObject({ action: 'pause', code: 'waiting-idle' });
    expect(service.current().reason).toMatch(/^Paused: you are using this PC \(starts after 1 s idle\)$/);

    const progressWhilePaused = progressEvents;
    await sleep(600); // under the 1 s idle threshold: still paused
    expect(progressEvents, 'no chunk runs while the owner is back').toBe(progressWhilePaused);

    const { result } = await job; // the owner stays away: the governor resumes after 1 s idle
    governed.setJobInProgress(false);
    expect(result.timings.chunks).toBe(CHUNKS);
    expect(result.timings.pausedMs).toBeGreaterThanOrEqual(900);
    console.info(
      `governor yield: signalActivity -> pause() ${toPauseCallMs.toFixed(3)} ms, GPU idle after ${yieldMs.toFixed(1)} ms (chunks ~${CHUNK_MS} ms)`,
    );
  } finally {
    governed.stop();
  }
});
