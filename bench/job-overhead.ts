// Per-job overhead with a warm pipeline cache: the end-to-end time of a small job as the main side
// sees it (IPC, the worker's validation, buffers, dispatch, read-back, hashing, signing) minus the GPU
// time of its chunks (timestamp queries). Also the same for larger jobs, to show what grows with size.
// The spec is parsed once, as the node's coordinator client parses a lease response, and run through
// executeParsedJob as the node runs a leased job (the worker still parses it: it trusts nothing).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GpuWorkerClient } from '../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../main/gpu/host/worker-process.js';
import { loadOrCreateDeviceIdentity } from '../main/identity/device-identity.js';
import { executeParsedJob } from '../main/gpu/host/job-executor.js';
import { median } from '../main/gpu/worker/measure.js';
import { JOB_CAPS, jobSpecSchema } from '../common/job-spec.js';
import { axpyJob, sha256 } from '../test/fixtures/job-builders.js';

export const description = 'per-job overhead beyond kernel time with a warm pipeline cache (overheadMs)';

const RUNS = 40;

export async function run(): Promise<Record<string, unknown>> {
  const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
  const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'bench-identity-')));
  const blobs = new Map<string, Uint8Array>();
  const options = { client, identity, loadInput: (hash: string) => Promise.resolve(blobs.get(hash)) };
  try {
    const adapter = await client.call('adapter-info', {});
    const sizes = [];
    for (const elements of [1024, 65_536, 1_048_576]) {
      // Inline base64 is capped at 1 MiB: larger inputs travel as bytes, by sha256, as jobs send them.
      const byHash = elements * 4 > JOB_CAPS.inlineBytes;
      const {
        spec: input,
        a,
        b,
      } = axpyJob(elements, 1, {
        id: `overhead-${elements}`,
        aByHash: byHash,
        bByHash: byHash,
      });
      for (const data of [a, b]) blobs.set(sha256(data), new Uint8Array(data.buffer));
      const spec = jobSpecSchema.parse(input);
      await executeParsedJob(options, spec); // warm: compile, allocations
      const overheads: number[] = [];
      const kernels: number[] = [];
      const inWorker: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const { result } = await executeParsedJob(options, spec);
        const total = performance.now() - started;
        if (!result.timings.pipelineCacheHit) throw new Error('pipeline cache missed on a warm run');
        overheads.push(total - result.timings.kernelMs);
        kernels.push(result.timings.kernelMs);
        inWorker.push(result.timings.totalMs - result.timings.kernelMs);
      }
      sizes.push({
        elements,
        bytesMoved: elements * 4 * 3,
        inputs: byHash ? 'sha256' : 'inline',
        overheadMs: round(median(overheads)),
        overheadP90Ms: round(overheads.sort((a, b) => a - b)[Math.floor(RUNS * 0.9)]!),
        inWorkerOverheadMs: round(median(inWorker)),
        kernelMs: round(median(kernels)),
      });
    }
    return {
      adapter: adapter.description,
      runsPerSize: RUNS,
      overheadMs: sizes[0]!.overheadMs,
      goalMs: 1.5,
      sizes,
    };
  } finally {
    client.stop();
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;
