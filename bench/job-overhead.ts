// Per-job overhead with a warm pipeline cache: the end-to-end time of a small job as the main side
// sees it (IPC, the worker's validation, buffers, dispatch, read-back, hashing, signing) minus the GPU
// time of its chunks (timestamp queries). Also the same for larger jobs, to show what grows with size.
// The spec is parsed once, as the node's coordinator client parses a lease response, and run through
// executeParsedJob as the node runs a leased job (the worker still parses it: it trusts nothing).
//
// "Warm" means the steady state of a node that has been running jobs: the first jobs after a start
// pay for the JIT compiling this process's and the worker's code (on the 2-core build machine the
// median of the first 40 runs was about twice the steady state's), so each size is warmed up before
// it is measured; the first runs are reported apart (coldOverheadMs). Every run has its own job id, as
// leased jobs do, so nothing can be served from a cache keyed by the whole spec.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GpuWorkerClient } from '../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../main/gpu/host/worker-process.js';
import { loadOrCreateDeviceIdentity } from '../main/identity/device-identity.js';
import { executeParsedJob, type JobExecutorOptions } from '../main/gpu/host/job-executor.js';
import { median } from '../main/gpu/worker/measure.js';
import { JOB_CAPS, jobSpecSchema, type JobSpec } from '../common/job-spec.js';
import { axpyJob, sha256 } from '../test/fixtures/job-builders.js';

export const description = 'per-job overhead beyond kernel time with a warm pipeline cache (overheadMs)';

/** Measured runs per size: this many, or as many as fit in maxMs (at least minJobs). */
const RUNS = { jobs: 100, minJobs: 20, maxMs: 5000 };
/** Warm-up per size, after the first runs: this many jobs, or this long, whichever ends first. */
const WARM_UP = { jobs: 300, minJobs: 0, maxMs: 3000 };
/** The runs right after the first (compiling) job, reported as coldOverheadMs. */
const COLD_RUNS = { jobs: 40, minJobs: 10, maxMs: 2000 };

interface Run {
  overheadMs: number;
  kernelMs: number;
  /** The worker's time on the job beyond GPU time: parse, checks, buffers, uploads, read-back, hashes. */
  workerMs: number;
  /** The main side's own time: resolving inputs, signing the receipt. */
  hostMs: number;
  /** The rest: both messages ((de)serialization, process wake-ups) and the worker taking the request up. */
  ipcMs: number;
}

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
      const { spec: input, a, b } = axpyJob(elements, 1, { aByHash: byHash, bByHash: byHash });
      for (const data of [a, b]) blobs.set(sha256(data), new Uint8Array(data.buffer));
      const base = jobSpecSchema.parse(input);
      let n = 0;
      const next = (): JobSpec => ({ ...base, id: `overhead-${elements}-${n++}` });
      await executeParsedJob(options, next()); // compile, first allocations
      const cold = await repeat(COLD_RUNS, () => runOnce(options, next()));
      const warmUpStarted = performance.now();
      const warmUpJobs = (await repeat(WARM_UP, () => runOnce(options, next()))).length;
      const warmUpMs = performance.now() - warmUpStarted;
      const runs = await repeat(RUNS, () => runOnce(options, next()));
      const overheads = runs.map((r) => r.overheadMs).sort((x, y) => x - y);
      sizes.push({
        elements,
        bytesMoved: elements * 4 * 3,
        inputs: byHash ? 'sha256' : 'inline',
        overheadMs: round(median(overheads)),
        overheadP90Ms: round(overheads[Math.floor(overheads.length * 0.9)]!),
        coldOverheadMs: round(median(cold.map((r) => r.overheadMs))),
        kernelMs: round(median(runs.map((r) => r.kernelMs))),
        // Medians of each part: they need not add up to the median overhead exactly.
        breakdownMs: {
          host: round(median(runs.map((r) => r.hostMs))),
          worker: round(median(runs.map((r) => r.workerMs))),
          ipc: round(median(runs.map((r) => r.ipcMs))),
        },
        runs: runs.length,
        warmUp: { jobs: 1 + cold.length + warmUpJobs, ms: Math.round(warmUpMs) },
      });
    }
    const small = sizes[0]!;
    return {
      adapter: adapter.description,
      runsPerSize: `${RUNS.jobs} or as many as fit in ${RUNS.maxMs} ms (at least ${RUNS.minJobs})`,
      warmUp: `per size: 1 compiling job, ${COLD_RUNS.jobs} first runs (coldOverheadMs), then ${WARM_UP.jobs} jobs or ${WARM_UP.maxMs} ms`,
      overheadMs: small.overheadMs,
      coldOverheadMs: small.coldOverheadMs,
      breakdownMs: small.breakdownMs,
      goalMs: 1.5,
      sizes,
    };
  } finally {
    client.stop();
  }
}

async function runOnce(options: JobExecutorOptions, spec: JobSpec): Promise<Run> {
  const started = performance.now();
  const { result, hostTimings } = await executeParsedJob(options, spec);
  const total = performance.now() - started;
  const { kernelMs, totalMs: workerTotalMs, pipelineCacheHit } = result.timings;
  if (!pipelineCacheHit) throw new Error('pipeline cache missed on a warm run');
  const hostMs = hostTimings.inputsMs + hostTimings.receiptMs;
  return {
    overheadMs: total - kernelMs,
    kernelMs,
    workerMs: workerTotalMs - kernelMs,
    hostMs,
    ipcMs: total - workerTotalMs - hostMs,
  };
}

async function repeat<T>(
  limits: { jobs: number; minJobs: number; maxMs: number },
  once: () => Promise<T>,
): Promise<T[]> {
  const started = performance.now();
  const out: T[] = [];
  while (
    out.length < limits.jobs &&
    (out.length < limits.minJobs || performance.now() - started < limits.maxMs)
  )
    out.push(await once());
  return out;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
