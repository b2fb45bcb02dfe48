// Static job checks: every rejection names the field and the limit, and a good job passes.
import { describe, expect, it } from 'vitest';
import { jobMemoryBytes, jobSpecSchema, type JobSpecInput } from '../../common/job-spec.js';
import { describeZodError } from '../../common/zod-errors.js';
import { checkJobLimits, type JobDeviceLimits } from '../../main/gpu/worker/jobs/job-validation.js';
import { axpyJob } from '../fixtures/job-builders.js';

const LAVAPIPE: JobDeviceLimits = {
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
  maxUniformBufferBindingSize: 65536,
  maxBufferSize: 2 ** 32 - 1,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 16,
};

const check = (spec: JobSpecInput) => checkJobLimits(jobSpecSchema.parse(spec), LAVAPIPE);
const base = () =>
  structuredClone(axpyJob(1024, 4).spec) as JobSpecInput & { bindings: any[]; dispatch: any };

describe('job spec schema', () => {
  it('accepts a well-formed job', () => {
    expect(check(base())).toEqual([]);
  });

  it('names the field of wrong types and malformed values', () => {
    const spec = base() as any;
    spec.bindings[0].type = 'texture';
    spec.deadlineMs = '10s';
    const result = jobSpecSchema.safeParse(spec);
    expect(result.success).toBe(false);
    const text = describeZodError(result.error!);
    expect(text).toMatch(/bindings\[0\]\.type/);
    expect(text).toMatch(/deadlineMs/);
  });

  it('rejects truncated base64 before decoding it', () => {
    const spec = base() as any;
    spec.bindings[1].source.base64 = spec.bindings[1].source.base64.slice(0, -3);
    const text = describeZodError(jobSpecSchema.safeParse(spec).error!);
    expect(text).toMatch(/bindings\[1\]\.source\.base64: not valid base64: length is not a multiple of 4/);
  });
});

describe('checkJobLimits', () => {
  it('catches base64 cut at a multiple of 4 through the declared size', () => {
    const spec = base();
    spec.bindings[1].source.base64 = spec.bindings[1].source.base64.slice(0, 400);
    expect(check(spec)).toContainEqual({
      field: 'bindings[1].source.base64',
      message: 'decodes to 300 bytes but size says 4096 (truncated or wrong size)',
    });
  });

  it('refuses a buffer over the device storage limit, naming the limit', () => {
    const spec = base();
    spec.bindings[2].source = { kind: 'zero', size: 512 * 1024 * 1024 };
    expect(check(spec)).toContainEqual({
      field: 'bindings[2].source.size',
      message: '512 MiB exceeds the storage buffer limit of 128 MiB',
    });
  });

  it('refuses a dispatch beyond the per-dimension limit and a huge chunk', () => {
    const spec = base();
    spec.dispatch.chunks[0].workgroups = [70_000, 1, 1];
    spec.dispatch.chunks[1].workgroups = [65_535, 65_535, 1];
    const rejections = check(spec);
    expect(rejections).toContainEqual({
      field: 'dispatch.chunks[0].workgroups[0]',
      message: '70000 exceeds the device limit of 65535 per dimension',
    });
    expect(rejections.map((r) => r.field)).toContain('dispatch.chunks[1].workgroups');
  });

  it('refuses duplicate bindings, outputs on read-only bindings and chunk data without a target', () => {
    const spec = base();
    spec.bindings[1].binding = 0;
    spec.bindings[0].output = true;
    delete spec.dispatch.uniformBinding;
    const fields = check(spec).map((r) => r.field);
    expect(fields).toEqual(
      expect.arrayContaining(['bindings[1].binding', 'bindings[0].output', 'dispatch.chunks[0].uniform']),
    );
  });

  it('refuses too long a deadline or chunk budget, and large inline data', () => {
    const spec = base();
    spec.deadlineMs = 2 * 60 * 60 * 1000;
    spec.chunkBudgetMs = 60_000;
    spec.bindings[2].source = { kind: 'inline', size: 2 * 1024 * 1024, base64: 'AAAA' };
    const fields = check(spec).map((r) => r.field);
    expect(fields).toEqual(expect.arrayContaining(['deadlineMs', 'chunkBudgetMs', 'bindings[2].source']));
  });
});

describe('resources.memoryBytes', () => {
  const refusal = (memoryBytes: unknown) => {
    const result = jobSpecSchema.safeParse({ ...base(), resources: { memoryBytes } });
    return result.success ? null : describeZodError(result.error);
  };

  it('defaults to the sum of the buffers and accepts a larger declaration', () => {
    const spec = jobSpecSchema.parse(base()); // axpy 1024: a, b, out 4096 bytes each, a 16-byte uniform
    expect(jobMemoryBytes(spec)).toBe(3 * 4096 + 16);
    expect(jobMemoryBytes(jobSpecSchema.parse({ ...base(), resources: { memoryBytes: 1 << 20 } }))).toBe(
      1 << 20,
    );
    expect(jobSpecSchema.parse({ ...base(), resources: {} }).resources).toEqual({});
  });

  it('refuses negative, fractional, absurd and too small sizes, naming the field', () => {
    expect(refusal(-1)).toBe('resources.memoryBytes: must be a whole number of bytes above 0, not -1');
    expect(refusal(0.5)).toBe('resources.memoryBytes: must be a whole number of bytes above 0, not 0.5');
    expect(refusal(2 ** 40)).toBe(
      "resources.memoryBytes: 1099511627776 bytes exceed the cap of 1073741824 bytes (1024 MiB: a job's buffers never total more)",
    );
    expect(refusal(1e300)).toMatch(/^resources\.memoryBytes: 1e\+300 bytes exceed the cap/);
    expect(refusal('4 GB')).toMatch(/^resources\.memoryBytes: /);
    expect(refusal(4096)).toBe(
      "resources.memoryBytes: 4096 bytes are less than the 12304 bytes of the job's own buffers (the sum of bindings[].source.size); declare at least that, or leave it out",
    );
  });
});
