// Runs a job for the main side: checks the spec and resolves its content-addressed inputs before the
// GPU worker sees anything, runs it under the watchdog, and signs a receipt with the device key
// (the key stays in this process: the worker runs strangers' code and never holds it).
import { canonicalJson } from '../../../common/canonical-json.js';
import type { JobReceipt, ReceiptBody } from '../../../common/job-receipt.js';
import { JOB_CAPS, jobSpecSchema, type JobRunResult, type JobSpec } from '../../../common/job-spec.js';
import { sha256Hex, specSha256 } from '../../../common/node/hash.js';
import { describeZodError } from '../../../common/zod-errors.js';
import { GpuPreemptedError, GpuTaskError, GpuTimeoutError, GpuWorkerCrashedError } from './errors.js';
import type { CallOptions, GpuWorkerClient } from './gpu-worker-client.js';
import type { DeviceIdentity } from '../../identity/device-identity.js';

export type JobFailureCode =
  'job-rejected' | 'timeout' | 'crashed' | 'preempted' | 'cancelled' | 'deadline' | 'device-lost' | 'failed';

export class JobFailedError extends Error {
  override readonly name = 'JobFailedError';
  constructor(
    readonly code: JobFailureCode,
    message: string,
  ) {
    super(message);
  }
}

export interface JobExecutorOptions {
  client: GpuWorkerClient;
  identity: DeviceIdentity;
  /** Bytes of a content-addressed input, or undefined when this device does not have them. */
  loadInput(sha256: string): Promise<Uint8Array | undefined>;
  onProgress?: CallOptions['onProgress'];
}

export interface ExecutedJob {
  spec: JobSpec;
  result: JobRunResult;
  receipt: JobReceipt;
  /** This process's own time on the job's critical path, apart from the worker's and the IPC's. */
  hostTimings: { inputsMs: number; receiptMs: number };
}

/** Set-up (compile + uploads) may take longer than a chunk, but is bounded too. */
export const JOB_SETUP_BUDGET_MS = 15_000;

/** Runs a spec from anywhere (a file, a test): it is checked against the job schema first. */
export async function executeJob(options: JobExecutorOptions, specInput: unknown): Promise<ExecutedJob> {
  const parsed = jobSpecSchema.safeParse(specInput);
  if (!parsed.success)
    throw new JobFailedError('job-rejected', `job rejected: ${describeZodError(parsed.error)}`);
  return executeParsedJob(options, parsed.data);
}

/**
 * Runs a spec this process already parsed with jobSpecSchema (a leased job: the coordinator client
 * parses the whole lease response), without parsing it a second time. The GPU worker still parses
 * it again: it trusts nothing it is sent.
 */
export async function executeParsedJob(options: JobExecutorOptions, spec: JobSpec): Promise<ExecutedJob> {
  const started = performance.now();
  const inputs = await resolveInputs(spec, options.loadInput);
  const inputsMs = performance.now() - started;
  const running = options.client.call(
    'run-job',
    { spec, inputs },
    {
      submitBudgetMs: spec.chunkBudgetMs ?? JOB_CAPS.chunkBudgetMs,
      firstBudgetMs: JOB_SETUP_BUDGET_MS,
      onProgress: options.onProgress,
    },
  );
  // The receipt's spec hash is taken while the worker runs the job, not after: off the critical path
  // (in a later turn of the event loop, once call() has sent the request).
  const hashing = new Promise<string>((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(specSha256(spec));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  const [ran, hashed] = await Promise.allSettled([running, hashing]);
  if (ran.status === 'rejected') throw asJobFailure(ran.reason);
  if (hashed.status === 'rejected') throw hashed.reason;
  const result = ran.value;
  const settled = performance.now();
  // IPC hands typed arrays back at any byte offset; callers view outputs as f32/u32 arrays.
  for (const output of result.outputs) if (output.bytes.byteOffset % 16) output.bytes = output.bytes.slice();
  const receipt = signReceipt(options.identity, spec, result, new Date(), hashed.value);
  return { spec, result, receipt, hostTimings: { inputsMs, receiptMs: performance.now() - settled } };
}

async function resolveInputs(
  spec: JobSpec,
  loadInput: JobExecutorOptions['loadInput'],
): Promise<Record<string, Uint8Array>> {
  const inputs: Record<string, Uint8Array> = {};
  for (const [i, binding] of spec.bindings.entries()) {
    const source = binding.source;
    if (source.kind !== 'sha256' || inputs[source.sha256]) continue;
    const field = `bindings[${i}].source`;
    const bytes = await loadInput(source.sha256);
    if (!bytes)
      throw new JobFailedError(
        'job-rejected',
        `job rejected: ${field}: input ${source.sha256} is not available`,
      );
    const actual = sha256Hex(bytes);
    if (actual !== source.sha256) {
      throw new JobFailedError(
        'job-rejected',
        `job rejected: ${field}.sha256: the input's content hashes to ${actual}`,
      );
    }
    if (bytes.byteLength !== source.size) {
      throw new JobFailedError(
        'job-rejected',
        `job rejected: ${field}.size: the input has ${bytes.byteLength} bytes, not ${source.size}`,
      );
    }
    inputs[source.sha256] = bytes;
  }
  return inputs;
}

function asJobFailure(error: unknown): JobFailedError {
  if (error instanceof GpuTimeoutError) {
    return new JobFailedError(
      'timeout',
      `job timed out: a chunk ran longer than its ${error.budgetMs} ms budget; the GPU worker was restarted`,
    );
  }
  if (error instanceof GpuPreemptedError) return new JobFailedError('preempted', error.message);
  if (error instanceof GpuWorkerCrashedError)
    return new JobFailedError('crashed', `job crashed the GPU worker (${error.exit}); it was restarted`);
  if (error instanceof GpuTaskError) {
    const code =
      (['job-rejected', 'cancelled', 'deadline', 'device-lost'] as const).find((c) => c === error.code) ??
      'failed';
    return new JobFailedError(code, error.message);
  }
  return new JobFailedError('failed', error instanceof Error ? error.message : String(error));
}

export function signReceipt(
  identity: DeviceIdentity,
  spec: JobSpec,
  result: JobRunResult,
  completedAt: Date,
  /** specSha256(spec), when the caller already has it. */
  specHash = specSha256(spec),
): JobReceipt {
  const body: ReceiptBody = {
    version: 1,
    jobId: spec.id,
    specSha256: specHash,
    deviceId: identity.deviceId,
    outputs: result.outputs.map((o) => ({ binding: o.binding, size: o.bytes.byteLength, sha256: o.sha256 })),
    timings: {
      totalMs: result.timings.totalMs,
      kernelMs: result.timings.kernelMs,
      chunks: result.timings.chunks,
    },
    completedAt: completedAt.toISOString(),
  };
  return { body, signature: Buffer.from(identity.sign(canonicalJson(body))).toString('base64') };
}
