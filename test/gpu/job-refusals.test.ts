// The four shader mistakes a job author makes most, through the real GPU worker: each refused in one
// sentence that names the cause (the entry point, the binding and both types, the missing binding,
// the workgroup size and the device limit), never in Dawn's internal words, and the worker keeps
// serving. Cases the static check cannot decide reach Dawn and come back translated the same way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GpuWorkerClient } from '../../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../../main/gpu/host/worker-process.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import { executeJob, JobFailedError } from '../../main/gpu/host/job-executor.js';
import { AXPY_WGSL, axpyJob, axpyReference } from '../fixtures/job-builders.js';

const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'job-refusals-')));
const options = { client, identity, loadInput: () => Promise.resolve(undefined) };
afterAll(() => client.stop());

const good = () => structuredClone(axpyJob(512, 2).spec) as any;
const wgsl = (from: string, to: string) => (s: any) => ((s.kernel.wgsl = s.kernel.wgsl.replace(from, to)), s);

async function refusal(spec: unknown): Promise<string> {
  const error = await executeJob(options, spec).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(JobFailedError);
  expect((error as JobFailedError).code).toBe('job-rejected');
  return (error as JobFailedError).message;
}

/** No Dawn internals: no object labels, no call chain, one line. */
function expectPlain(message: string): void {
  expect(message).not.toMatch(
    /While validating|While initializing|\[ShaderModule|\[BindGroupLayout|BufferBindingType::/,
  );
  expect(message).not.toContain('\n');
}

describe('job refusals in plain words', () => {
  it('refuses each of the four shader mistakes naming its cause, and keeps serving', async () => {
    const { limits } = await client.call('adapter-info', {});
    const maxInvocations = limits.maxComputeInvocationsPerWorkgroup!;
    const maxX = limits.maxComputeWorkgroupSizeX!;
    const cases: [string, (s: any) => any, RegExp][] = [
      [
        'missing entry point',
        (s) => ((s.kernel.entryPoint = 'nope'), s),
        /^job rejected: kernel\.entryPoint: the shader has no function "nope"; set kernel\.entryPoint to "main", its only @compute function$/,
      ],
      [
        'binding declared as uniform, spec says storage-read',
        wgsl('var<storage, read> a: array<f32>', 'var<uniform> a: array<vec4f, 4>'),
        /^job rejected: bindings\[0\]\.type: "storage-read" \(var<storage, read>\) does not match line 3 of the shader, which declares @group\(0\) @binding\(0\) as var<uniform> a: array<vec4f, 4>; change the type to "uniform" or the declaration to var<storage, read>$/,
      ],
      [
        'binding declared read_write, spec says storage-read',
        wgsl('var<storage, read> a', 'var<storage, read_write> a'),
        /bindings\[0\]\.type: "storage-read" .* as var<storage, read_write> a: array<f32>; change the type to "storage"/,
      ],
      [
        'binding declared as a texture',
        (s) =>
          wgsl('var<storage, read> a: array<f32>', 'var a: texture_2d<f32>')(s) &&
          wgsl('a[i]', 'textureLoad(a, vec2u(i, 0u), 0).x')(s),
        /bindings\[0\]\.type: "storage-read" .* @group\(0\) @binding\(0\) as a texture \(var a: texture_2d<f32>\)/,
      ],
      [
        'binding the spec lacks',
        (s) => (s.bindings.splice(1, 1), s),
        /^job rejected: bindings: line 4 of the shader uses @group\(0\) @binding\(1\) \(var<storage, read> b: array<f32>\) but the spec has no binding 1; add \{"binding": 1, "type": "storage-read", "source": \.\.\.\} to bindings/,
      ],
      [
        'workgroup wider than the device',
        wgsl('@workgroup_size(64)', `@workgroup_size(${maxX * 2})`),
        new RegExp(
          `^job rejected: kernel\\.wgsl: line 7: @workgroup_size\\(${maxX * 2}\\) asks x = ${maxX * 2}, over this device's limit of ${maxX} \\(maxComputeWorkgroupSizeX\\); make x at most ${maxX}$`,
        ),
      ],
      [
        'workgroup with too many invocations, through an override constant',
        (s) => {
          s.kernel.wgsl = `override WG: u32 = 64;\n${AXPY_WGSL.replace('@workgroup_size(64)', '@workgroup_size(WG, 2)')}`;
          s.kernel.constants = { WG: maxInvocations };
          return s;
        },
        new RegExp(
          `^job rejected: kernel\\.constants\\.WG: line 8: @workgroup_size\\(WG, 2\\) with WG = ${maxInvocations} from kernel\\.constants is ${maxInvocations * 2} invocations per workgroup, over this device's limit of ${maxInvocations} \\(maxComputeInvocationsPerWorkgroup\\)`,
        ),
      ],
      // What the static check leaves to Dawn comes back translated.
      [
        'workgroup size the static check cannot evaluate',
        wgsl('@workgroup_size(64)', `@workgroup_size(max(${maxX * 2}, 1))`),
        /^job rejected: kernel\.wgsl: @workgroup_size\(\d+, 1, 1\) of "main" asks x = \d+, over this device's limit of \d+ \(maxComputeWorkgroupSizeX\)/,
      ],
      [
        'missing binding behind a shadowed name',
        (s) => {
          // `b` is also a helper's parameter: which one is meant needs scoping rules the check lacks
          s.kernel.wgsl = `${AXPY_WGSL.replace('+ b[i]', '+ same(b[i])')}\nfn same(b: f32) -> f32 { return b; }`;
          s.bindings.splice(1, 1);
          return s;
        },
        /^job rejected: bindings: line 4 of the shader uses @group\(0\) @binding\(1\) \(var<storage, read> b: array<f32>\) but the spec has no binding 1; add it to bindings/,
      ],
      [
        'unknown override constant',
        (s) => ((s.kernel.constants = { NOPE: 1 }), s),
        /^job rejected: kernel\.constants\.NOPE: the shader has no override constant NOPE/,
      ],
    ];
    for (const [name, mutate, expected] of cases) {
      const message = await refusal(mutate(good()));
      expect(message, name).toMatch(expected);
      expectPlain(message);
    }
    const { spec, a, b } = axpyJob(512, 2);
    const { result } = await executeJob(options, spec);
    const out = result.outputs[0]!.bytes;
    expect(Array.from(new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4))).toEqual(
      Array.from(axpyReference(a, b, 2)),
    );
    expect(client.restarts).toBe(0); // refusals never cost a worker
  });
});
