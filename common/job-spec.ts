// The compute job format: what a network sends a provider to run. Everything a stranger can put in a
// job is bounded here or in main/gpu/worker/jobs/job-validation.ts (against the device's real limits)
// before anything touches the GPU. Documented for job authors in docs/job-spec.md.
import { z } from 'zod';

/** The app's own caps, below any device limit: a job may use the GPU, never the whole machine. */
export const JOB_CAPS = {
  wgslBytes: 256 * 1024,
  bindings: 8,
  bufferBytes: 256 * 1024 * 1024,
  totalBytes: 1024 * 1024 * 1024,
  uniformBytes: 64 * 1024,
  /** Base64 inside the spec travels through JSON and IPC: larger data goes by sha256. */
  inlineBytes: 1024 * 1024,
  chunks: 100_000,
  workgroupsPerChunk: 16_777_216,
  deadlineMs: 60 * 60 * 1000,
  chunkBudgetMs: 2_000,
  /** `resources.memoryBytes`: a job's buffers never total more than `totalBytes`, so neither may this. */
  memoryBytes: 1024 * 1024 * 1024,
} as const;

const MiB = 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const base64Schema = z
  .string()
  .refine((s) => s.length % 4 === 0, {
    message: 'not valid base64: length is not a multiple of 4 (truncated?)',
  })
  .refine((s) => BASE64.test(s), { message: 'not valid base64: unexpected characters' });

/** Where a buffer's initial bytes come from. `size` is always declared, so memory is known upfront. */
export const bufferSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('inline'), size: z.number().int().positive(), base64: base64Schema }),
  z.object({
    kind: z.literal('sha256'),
    size: z.number().int().positive(),
    sha256: z.string().regex(SHA256_HEX, 'a sha256 is 64 lowercase hex characters'),
  }),
  z.object({ kind: z.literal('zero'), size: z.number().int().positive() }),
]);
export type BufferSource = z.infer<typeof bufferSourceSchema>;

export const jobBindingSchema = z.object({
  binding: z.number().int().min(0).max(15),
  /** `storage` is read_write in WGSL, `storage-read` is read-only storage, `uniform` is uniform. */
  type: z.enum(['storage-read', 'storage', 'uniform']),
  source: bufferSourceSchema,
  /** Read back and returned (with its sha256) when the job ends. Only `storage` bindings. */
  output: z.boolean().default(false),
});
export type JobBinding = z.infer<typeof jobBindingSchema>;

export const jobChunkSchema = z.object({
  workgroups: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]),
  /** Written to the dispatch plan's uniform binding before this chunk runs. */
  uniform: base64Schema.optional(),
});
export type JobChunk = z.infer<typeof jobChunkSchema>;

/** GPU memory a job declares it needs; the network leases it only to a device that proved as much. */
const memoryBytesSchema = z.number().superRefine((bytes, ctx) => {
  if (bytes > JOB_CAPS.memoryBytes) {
    ctx.addIssue({
      code: 'custom',
      message: `${bytes} bytes exceed the cap of ${JOB_CAPS.memoryBytes} bytes (${JOB_CAPS.memoryBytes / MiB} MiB: a job's buffers never total more)`,
    });
  } else if (!Number.isSafeInteger(bytes) || bytes <= 0)
    ctx.addIssue({ code: 'custom', message: `must be a whole number of bytes above 0, not ${bytes}` });
});
const bufferBytes = (spec: { bindings: { source: { size: number } }[] }) =>
  spec.bindings.reduce((sum, b) => sum + b.source.size, 0);

const validMemoryBytes = (bytes: number | undefined): bytes is number =>
  bytes !== undefined && Number.isSafeInteger(bytes) && bytes > 0 && bytes <= JOB_CAPS.memoryBytes;

const jobSpecFields = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'ids use letters, digits and . _ : - (1 to 128)'),
  kernel: z.object({
    wgsl: z.string().min(1),
    entryPoint: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a WGSL identifier'),
    constants: z.record(z.string(), z.number()).default({}),
  }),
  bindings: z.array(jobBindingSchema).min(1),
  dispatch: z.object({
    /** The uniform binding each chunk's `uniform` bytes go to (required when chunks carry data). */
    uniformBinding: z.number().int().min(0).max(15).optional(),
    chunks: z.array(jobChunkSchema).min(1),
  }),
  /** Wall-clock time from start to result, pauses included. */
  deadlineMs: z.number().int().positive(),
  /** Longest one chunk may run before the worker is killed as stuck (default 2000 ms). */
  chunkBudgetMs: z.number().int().positive().optional(),
  /** The runtime may snapshot buffers between chunks and resume from there after a device loss. */
  checkpoint: z.boolean().default(false),
  /** What the job needs of the device (optional; see jobMemoryBytes for the default). */
  resources: z.object({ memoryBytes: memoryBytesSchema.optional() }).optional(),
});

/** The fields, and the one rule across them: a job declares at least the memory of its own buffers. */
export const jobSpecSchema = jobSpecFields.superRefine((spec, ctx) => {
  const declared = spec.resources?.memoryBytes;
  const buffers = bufferBytes(spec);
  if (validMemoryBytes(declared) && declared < buffers) {
    ctx.addIssue({
      code: 'custom',
      path: ['resources', 'memoryBytes'],
      message: `${declared} bytes are less than the ${buffers} bytes of the job's own buffers (the sum of bindings[].source.size); declare at least that, or leave it out`,
    });
  }
});
export type JobSpec = z.infer<typeof jobSpecSchema>;
export type JobSpecInput = z.input<typeof jobSpecSchema>;

/**
 * The GPU memory a job needs: `resources.memoryBytes` when declared (at least its buffers), else the
 * sum of its buffers' sizes. The network leases a job only to a device that proved this much.
 */
export function jobMemoryBytes(spec: Pick<JobSpec, 'bindings' | 'resources'>): number {
  return spec.resources?.memoryBytes ?? bufferBytes(spec);
}

export const jobOutputSchema = z.object({ binding: z.number(), size: z.number(), sha256: z.string() });

/** What the GPU worker returns for a job; the main side adds the signed receipt. */
export interface JobRunResult {
  jobId: string;
  outputs: { binding: number; bytes: Uint8Array; sha256: string }[];
  timings: {
    totalMs: number;
    /** GPU time of the chunks (timestamp queries where the adapter has them, else submit walls). */
    kernelMs: number;
    pausedMs: number;
    chunks: number;
    maxChunkMs: number;
    pipelineCacheHit: boolean;
    deviceLosses: number;
  };
}
