// The job runtime as the network and the owner see it: correct results with a verifiable receipt,
// every kind of bad job refused with a clear error while the runtime keeps serving, pause and resume
// without losing progress, and an endless kernel killed within its chunk budget.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/canonical-json.js';
import { GpuWorkerClient } from '../../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../../main/gpu/host/worker-process.js';
import { verifyDeviceSignature } from '../../common/node/ed25519.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import { executeJob, JobFailedError } from '../../main/gpu/host/job-executor.js';
import { axpyJob, axpyReference, endlessJob } from '../fixtures/job-builders.js';

const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'job-identity-')));
const blobs = new Map<string, Uint8Array>();
const options = { client, identity, loadInput: (hash: string) => Promise.resolve(blobs.get(hash)) };
afterAll(() => client.stop());

const floats = (bytes: Uint8Array) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/**
 * Starts a job and resolves once its first chunk ran (its first progress report): a control sent
 * then lands mid-job, whatever the machine's speed (a fixed wait let a fast run finish first).
 */
async function startedJob(spec: unknown): Promise<{ running: ReturnType<typeof executeJob> }> {
  let firstChunk!: () => void;
  const started = new Promise<void>((resolve) => (firstChunk = resolve));
  const running = executeJob({ ...options, onProgress: () => firstChunk() }, spec);
  // Ended before any progress (a failure, a tiny job): the caller sees that through `running`.
  await Promise.race([
    started,
    running.then(
      () => undefined,
      () => undefined,
    ),
  ]);
  return { running };
}

async function failure(spec: unknown, name = 'job'): Promise<JobFailedError> {
  const error = await executeJob(options, spec).catch((e: unknown) => e);
  expect(error, `${name} should fail`).toBeInstanceOf(JobFailedError);
  return error as JobFailedError;
}

describe('job runtime', () => {
  it('computes a chunked job exactly like the CPU and signs a receipt the network can verify', async () => {
    const { spec, a, b } = axpyJob(10_000, 7, { scale: 3 });
    const { result, receipt } = await executeJob(options, spec);
    expect(Array.from(floats(result.outputs[0]!.bytes))).toEqual(Array.from(axpyReference(a, b, 3)));
    expect(result.timings.chunks).toBe(7);
    expect(receipt.body.outputs[0]!.sha256).toBe(result.outputs[0]!.sha256);
    expect(receipt.body.deviceId).toBe(identity.deviceId);
    const signature = Buffer.from(receipt.signature, 'base64');
    expect(verifyDeviceSignature(receipt.body.deviceId, canonicalJson(receipt.body), signature)).toBe(true);
    const forged = { ...receipt.body, outputs: [{ ...receipt.body.outputs[0]!, sha256: '0'.repeat(64) }] };
    expect(verifyDeviceSignature(receipt.body.deviceId, canonicalJson(forged), signature)).toBe(false);
  });

  it('reuses the compiled pipeline on the next run of the same kernel', async () => {
    const { spec } = axpyJob(256, 1, { id: 'warm-1' });
    await executeJob(options, spec);
    const { result } = await executeJob(options, { ...spec, id: 'warm-2' });
    expect(result.timings.pipelineCacheHit).toBe(true);
  });

  it('reads content-addressed inputs and refuses one whose bytes do not match the hash', async () => {
    const { spec, a, b } = axpyJob(2048, 2, { aByHash: true });
    const hash = (spec.bindings[0]!.source as { sha256: string }).sha256;
    blobs.set(hash, new Uint8Array(a.buffer));
    const { result } = await executeJob(options, spec);
    expect(Array.from(floats(result.outputs[0]!.bytes))).toEqual(Array.from(axpyReference(a, b, 2)));

    blobs.set(hash, new Uint8Array(b.buffer)); // same size, other content
    const error = await failure(spec);
    expect(error.code).toBe('job-rejected');
    expect(error.message).toMatch(
      /bindings\[0\]\.source\.sha256: the input's content hashes to [0-9a-f]{64}/,
    );
  });

  it('refuses each bad job with a clear error and keeps serving the next one', async () => {
    const good = () => structuredClone(axpyJob(512, 2).spec) as any;
    const cases: [string, (spec: any) => unknown, RegExp][] = [
      ['invalid WGSL', (s) => ((s.kernel.wgsl = 'fn main( {'), s), /does not compile: line 1:/],
      ['missing entry point', (s) => ((s.kernel.entryPoint = 'nope'), s), /kernel\.entryPoint: .*"nope"/],
      [
        'oversized buffer',
        (s) => ((s.bindings[2].source = { kind: 'zero', size: 1024 ** 3 }), s),
        /bindings\[2\]\.source\.size: 1024 MiB exceeds/,
      ],
      [
        'huge dispatch',
        (s) => ((s.dispatch.chunks[0].workgroups = [65_535, 65_535, 65_535]), s),
        /dispatch\.chunks\[0\]\.workgroups/,
      ],
      ['wrong types', (s) => ((s.bindings[0].source.size = 'big'), s), /bindings\[0\]\.source\.size/],
      [
        'truncated base64',
        (s) => ((s.bindings[1].source.base64 = s.bindings[1].source.base64.slice(0, -2)), s),
        /bindings\[1\]\.source\.base64/,
      ],
      [
        'binding type the shader does not declare',
        (s) => ((s.bindings[0].type = 'storage'), s),
        /bindings\[0\]\.type: "storage" .* var<storage, read> a/,
      ],
      [
        'buffer smaller than the shader struct',
        (s) => {
          s.bindings[3].source = { kind: 'zero', size: 8 }; // the shader's Chunk struct is 16 bytes
          s.dispatch = { chunks: [{ workgroups: [1, 1, 1] }] };
          return s;
        },
        /bindings\[3\]\.source\.size: 8 bytes are too small .* at least 16/,
      ],
      ['not an object', () => 'rm -rf /', /\(root\)/],
    ];
    for (const [name, mutate, message] of cases) {
      const error = await failure(mutate(good()), name);
      expect(error.code, name).toBe('job-rejected');
      expect(error.message, name).toMatch(message);
    }
    const { spec, a, b } = axpyJob(512, 2);
    const { result } = await executeJob(options, spec);
    expect(Array.from(floats(result.outputs[0]!.bytes))).toEqual(Array.from(axpyReference(a, b, 2)));
    expect(client.restarts).toBe(0); // refusals never cost a worker
  });

  it('kills an endless kernel within its chunk budget and serves the next job from a fresh worker', async () => {
    const started = performance.now();
    const error = await failure(endlessJob());
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1000 + 2000); // budget + set-up
    const { spec, a, b } = axpyJob(300, 1);
    const { result } = await executeJob(options, spec);
    expect(Array.from(floats(result.outputs[0]!.bytes))).toEqual(Array.from(axpyReference(a, b, 2)));
  });

  it('pauses between chunks, leaves the GPU idle while paused, and resumes without losing progress', async () => {
    const { spec, a, b } = axpyJob(200_000, 400, { id: 'pausable' });
    const { running } = await startedJob(spec);
    const yieldMs = await client.pause();
    expect(yieldMs).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 400));
    client.resume();
    const { result } = await running;
    expect(result.timings.pausedMs).toBeGreaterThanOrEqual(350);
    expect(Array.from(floats(result.outputs[0]!.bytes))).toEqual(Array.from(axpyReference(a, b, 2)));
  });

  it('holds a job sent while paused before its first chunk, until resumed', async () => {
    await client.pause(); // the owner paused with nothing running
    const { spec, a, b } = axpyJob(20_000, 4, { id: 'starts-paused' });
    let done = false;
    const running = executeJob(options, spec).finally(() => (done = true));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(done).toBe(false);
    } finally {
      client.resume(); // a failure here must not leave the next tests' jobs paused
    }
    const { result } = await running;
    expect(result.timings.pausedMs).toBeGreaterThanOrEqual(500);
    expect(Array.from(floats(result.outputs[0]!.bytes))).toEqual(Array.from(axpyReference(a, b, 2)));
  });

  it('stops a cancelled job at the next chunk with code cancelled', async () => {
    const { running } = await startedJob(axpyJob(200_000, 400, { id: 'cancel-me' }).spec);
    client.cancel();
    const error = await running.catch((e: unknown) => e);
    expect((error as JobFailedError).code).toBe('cancelled');
  });

  it('fails a job whose deadline passes', async () => {
    const { spec } = axpyJob(200_000, 400, { id: 'late' });
    const { running } = await startedJob({ ...spec, deadlineMs: 300 });
    await client.pause();
    const error = await running.catch((e: unknown) => e);
    client.resume(); // the client remembers a pause for later tasks
    expect((error as JobFailedError).code).toBe('deadline');
  });
});
