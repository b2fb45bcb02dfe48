// Job refusals in plain words: the static shader checks against the spec and the device's workgroup
// limits, and the translation of Dawn's messages (recorded from Dawn on lavapipe) when they miss.
import { describe, expect, it } from 'vitest';
import { jobSpecSchema, type JobSpec } from '../../common/job-spec.js';
import { checkJobShader } from '../../main/gpu/worker/jobs/job-shader-check.js';
import { translateBindGroupError, translateShaderError } from '../../main/gpu/worker/jobs/dawn-messages.js';
import { inspectWgsl } from '../../main/gpu/worker/jobs/wgsl-inspect.js';
import { AXPY_WGSL, axpyJob } from '../fixtures/job-builders.js';

const LIMITS = {
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
};

function job(change: (spec: any) => void = () => undefined): JobSpec {
  const spec = structuredClone(axpyJob(256, 1).spec) as any;
  change(spec);
  return jobSpecSchema.parse(spec);
}
const check = (change?: (spec: any) => void) => checkJobShader(job(change), LIMITS);
const withWgsl = (wgsl: string, more: (spec: any) => void = () => undefined) =>
  check((s) => {
    s.kernel.wgsl = wgsl;
    more(s);
  });

describe('checkJobShader', () => {
  it('passes a job whose shader matches its spec', () => {
    expect(check()).toEqual([]);
  });

  it('names a missing entry point and the ones there are', () => {
    expect(check((s) => (s.kernel.entryPoint = 'nope'))).toEqual([
      {
        field: 'kernel.entryPoint',
        message:
          'the shader has no function "nope"; set kernel.entryPoint to "main", its only @compute function',
      },
    ]);
    const two = `${AXPY_WGSL}\nfn helper() {}\n@compute @workgroup_size(1) fn second() { out[0] = 1.0; }`;
    expect(withWgsl(two, (s) => (s.kernel.entryPoint = 'helper'))[0]!.message).toBe(
      '"helper" (line 13) is not marked @compute; set kernel.entryPoint to one of its @compute functions ("main", "second")',
    );
    const none = AXPY_WGSL.replace('@compute @workgroup_size(64)', '');
    expect(withWgsl(none)[0]!.message).toBe(
      '"main" (line 8) is not marked @compute; mark it @compute @workgroup_size(...)',
    );
  });

  it('names the binding and both types when the shader declares another type', () => {
    const uniform = AXPY_WGSL.replace('var<storage, read> a: array<f32>', 'var<uniform> a: array<vec4f, 4>');
    expect(withWgsl(uniform)).toEqual([
      {
        field: 'bindings[0].type',
        message:
          '"storage-read" (var<storage, read>) does not match line 3 of the shader, which declares @group(0) @binding(0) as var<uniform> a: array<vec4f, 4>; change the type to "uniform" or the declaration to var<storage, read>',
      },
    ]);
    expect(check((s) => (s.bindings[0].type = 'storage'))[0]!.message).toMatch(
      /^"storage" \(var<storage, read_write>\) does not match line 3 of the shader, which declares @group\(0\) @binding\(0\) as var<storage, read> a: array<f32>; change the type to "storage-read"/,
    );
    const texture = AXPY_WGSL.replace('var<storage, read> a: array<f32>', 'var a: texture_2d<f32>').replace(
      'a[i]',
      'textureLoad(a, vec2u(i, 0u), 0).x',
    );
    expect(withWgsl(texture)[0]!.message).toBe(
      '"storage-read" (var<storage, read>) does not match line 3 of the shader, which declares @group(0) @binding(0) as a texture (var a: texture_2d<f32>), and a job binds only buffers; declare it var<storage, read>',
    );
  });

  it('names a binding the shader uses and the spec lacks, and one outside group 0', () => {
    expect(check((s) => s.bindings.splice(1, 1))).toEqual([
      {
        field: 'bindings',
        message:
          'line 4 of the shader uses @group(0) @binding(1) (var<storage, read> b: array<f32>) but the spec has no binding 1; add {"binding": 1, "type": "storage-read", "source": ...} to bindings or stop using b in "main"',
      },
    ]);
    expect(withWgsl(AXPY_WGSL.replace('@group(0) @binding(1)', '@group(1) @binding(1)'))).toEqual([
      {
        field: 'kernel.wgsl',
        message:
          'line 4 uses @group(1) @binding(1) (var<storage, read> b: array<f32>), but a job binds only @group(0); move it to @group(0)',
      },
    ]);
  });

  it('judges only the bindings the entry point uses', () => {
    const extra = `@group(0) @binding(9) var<uniform> unused: vec4f;\n@group(0) @binding(0) var t: texture_2d<f32>;\n`;
    const wgsl = AXPY_WGSL.replace('@group(0) @binding(0)', '@group(0) @binding(0)') + `\n${extra}`;
    expect(withWgsl(wgsl)).toEqual([]);
  });

  it('leaves a shadowed name to Dawn', () => {
    const wgsl = AXPY_WGSL.replace(
      'let i = chunk.offset + gid.x;',
      'let i = chunk.offset + gid.x; let b = 1.0;',
    );
    expect(check((s) => ((s.kernel.wgsl = wgsl), s.bindings.splice(1, 1)))).toEqual([]);
  });

  it('names the workgroup size, the device limit and what to change', () => {
    expect(withWgsl(AXPY_WGSL.replace('@workgroup_size(64)', '@workgroup_size(16, 32)'))).toEqual([
      {
        field: 'kernel.wgsl',
        message:
          "line 7: @workgroup_size(16, 32) is 512 invocations per workgroup, over this device's limit of 256 (maxComputeInvocationsPerWorkgroup); make x * y * z at most 256",
      },
    ]);
    expect(withWgsl(AXPY_WGSL.replace('@workgroup_size(64)', '@workgroup_size(1, 1, 128)'))[0]!.message).toBe(
      "line 7: @workgroup_size(1, 1, 128) asks z = 128, over this device's limit of 64 (maxComputeWorkgroupSizeZ); make z at most 64",
    );
    const overridden = `const BASE = 8u;\n@id(3) override WG: u32 = BASE * 2u;\n${AXPY_WGSL.replace('@workgroup_size(64)', '@workgroup_size(WG, BASE)')}`;
    expect(withWgsl(overridden)).toEqual([]); // 16 x 8 = 128 by default
    expect(withWgsl(overridden, (s) => (s.kernel.constants = { WG: 64 }))).toEqual([
      {
        field: 'kernel.constants.WG',
        message:
          "line 9: @workgroup_size(WG, BASE) with WG = 64 from kernel.constants is 512 invocations per workgroup, over this device's limit of 256 (maxComputeInvocationsPerWorkgroup); make x * y * z at most 256",
      },
    ]);
    expect(withWgsl(overridden, (s) => (s.kernel.constants = { '3': 64 }))[0]!.field).toBe(
      'kernel.constants.3',
    );
  });

  it('leaves what it cannot evaluate or read to Dawn', () => {
    expect(withWgsl(AXPY_WGSL.replace('@workgroup_size(64)', '@workgroup_size(max(2048, 1))'))).toEqual([]);
    expect(withWgsl(`${AXPY_WGSL}\nfn broken( {`, (s) => (s.kernel.entryPoint = 'nope'))).toEqual([]);
  });
});

describe('translateShaderError (Dawn on lavapipe, as recorded)', () => {
  const spec = job();
  const shape = inspectWgsl(spec.kernel.wgsl);
  const pipeline = (details: string) => translateShaderError({ stage: 'pipeline', details }, spec, shape);
  const LABEL = '[ShaderModule "job-e7a9fb4c98d8b54c8d90d2813d910339"]';
  const LAYOUT = '[BindGroupLayoutInternal "job-e7a9fb4c98d8b54c8d90d2813d910339:group0"]';
  const slot = (b: number) => `
 - While validating that the entry-point's declaration for @group(0) @binding(${b}) matches ${LAYOUT}
 - While validating the entry-point's compatibility for group 0 with ${LAYOUT}
 - While validating compute stage (${LABEL}, entryPoint: "main").`;

  it('a missing entry point', () => {
    expect(
      translateShaderError(
        { stage: 'pipeline', details: `Entry point ""nope"" doesn't exist in the shader module ${LABEL}.` },
        job((s) => (s.kernel.entryPoint = 'nope')),
        shape,
      ),
    ).toEqual({
      field: 'kernel.entryPoint',
      message:
        'the shader has no function "nope"; set kernel.entryPoint to "main", its only @compute function',
    });
  });

  it('a buffer type, a texture, a missing binding', () => {
    expect(
      pipeline(
        `The buffer type in the shader (BufferBindingType::Storage) is not compatible with the type in the layout (BufferBindingType::ReadOnlyStorage).${slot(0)}`,
      ).message,
    ).toBe(
      '"storage-read" (var<storage, read>) does not match line 3 of the shader, which declares @group(0) @binding(0) as var<storage, read> a: array<f32>; change the type to "storage" or the declaration to var<storage, read>',
    );
    expect(
      pipeline(
        `Binding type in the shader (texture) doesn't match the type in the layout (buffer).${slot(1)}`,
      ),
    ).toMatchObject({
      field: 'bindings[1].type',
      message: expect.stringMatching(/declares @group\(0\) @binding\(1\) as a texture/),
    });
    expect(pipeline(`Binding doesn't exist in ${LAYOUT}.${slot(7)}`)).toEqual({
      field: 'bindings',
      message:
        'the shader uses @group(0) @binding(7) but the spec has no binding 7; add it to bindings or stop using it in "main"',
    });
  });

  it('workgroup sizes and override constants', () => {
    const tail = '\n - While initializing [ComputePipeline "job-1:main"]\n';
    expect(
      pipeline(
        `Entry-point uses workgroup_size(2048, 1, 1) that exceeds the maximum allowed (1024, 1024, 1024).${tail}`,
      ),
    ).toEqual({
      field: 'kernel.wgsl',
      message:
        '@workgroup_size(2048, 1, 1) of "main" asks x = 2048, over this device\'s limit of 1024 (maxComputeWorkgroupSizeX); make x at most 1024',
    });
    expect(
      pipeline(`The total number of workgroup invocations (4096) exceeds the maximum allowed (1024).${tail}`)
        .message,
    ).toBe(
      'the @workgroup_size of "main" is 4096 invocations per workgroup, over this device\'s limit of 1024 (maxComputeInvocationsPerWorkgroup); make x * y * z at most 1024',
    );
    expect(pipeline(`Pipeline overridable constant ""NOPE"" not found in ${LABEL}.${slot(0)}`)).toEqual({
      field: 'kernel.constants.NOPE',
      message:
        'the shader has no override constant NOPE; remove it from kernel.constants or declare it with override',
    });
  });

  it("compile errors and anything else keep Dawn's words without its labels", () => {
    expect(
      translateShaderError(
        {
          stage: 'compile',
          details:
            "line 1:10 expected ')' for function declaration; line 2:2 expected attribute\nPossible values: 'align'",
        },
        spec,
      ),
    ).toEqual({
      field: 'kernel.wgsl',
      message: "does not compile: line 1:10 expected ')' for function declaration (and 1 more)",
    });
    expect(pipeline(`Something new about ${LABEL} went wrong.${slot(0)}`)).toEqual({
      field: 'kernel',
      message: 'does not fit its entry point, constants or bindings: Something new about went wrong',
    });
  });

  it('a buffer smaller than the shader needs', () => {
    const details =
      '[Buffer "job:axpy:binding3"] bound with size 8 at group 0, binding 3 is too small. The pipeline ([ComputePipeline "job-e7:main"]) requires a buffer binding which is at least 16 bytes. This binding is a uniform buffer binding. It is padded to a multiple of 16 bytes.';
    expect(translateBindGroupError(details, spec, shape)).toEqual({
      field: 'bindings[3].source.size',
      message:
        "8 bytes are too small for line 6's var<uniform> chunk: Chunk, which needs at least 16 bytes (a uniform binding is padded to 16 bytes); make it at least 16",
    });
  });
});
