// The job's WGSL against its own spec and the device, before a pipeline is built: the entry point
// exists and is @compute, every binding it uses is in the spec with the same type and in group 0,
// and its @workgroup_size fits the device. Each refusal is one sentence naming the field or the WGSL
// line and what to change. Only what the inspection read for sure is judged; the rest goes to Dawn,
// whose message is translated (dawn-messages.ts).
import type { JobBinding, JobSpec } from '../../../../common/job-spec.js';
import type { JobRejection } from './job-validation.js';
import {
  constValue,
  inspectWgsl,
  resourcesUsedBy,
  stageOf,
  type WgslResource,
  type WgslShape,
} from './wgsl-inspect.js';
import { evaluateInteger, joinTokens } from './wgsl-tokens.js';

export interface WorkgroupLimits {
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxComputeWorkgroupSizeY: number;
  maxComputeWorkgroupSizeZ: number;
}

/** The WGSL declaration each spec binding type stands for. */
export const SPEC_TYPE_WGSL: Record<JobBinding['type'], string> = {
  'storage-read': 'var<storage, read>',
  storage: 'var<storage, read_write>',
  uniform: 'var<uniform>',
};

const SHAPES_KEPT = 8;
const shapes = new Map<string, WgslShape>();

/** The inspection of a job's WGSL, kept for the last few kernels: a warm job pays nothing for it. */
export function jobShape(wgsl: string): WgslShape {
  let shape = shapes.get(wgsl);
  if (!shape) {
    shape = inspectWgsl(wgsl);
    if (shapes.size >= SHAPES_KEPT) shapes.delete(shapes.keys().next().value!);
    shapes.set(wgsl, shape);
  }
  return shape;
}

export function checkJobShader(
  spec: JobSpec,
  limits: WorkgroupLimits,
  shape: WgslShape = jobShape(spec.kernel.wgsl),
): JobRejection[] {
  if (!shape.complete) return [];
  const entry = checkEntryPoint(spec.kernel.entryPoint, shape);
  if (entry) return [entry];
  return [...checkBindings(spec, shape), ...checkWorkgroupSize(spec, limits, shape)];
}

export function entryPointRejection(entryPoint: string, shape: WgslShape | undefined): JobRejection {
  const computeNames = shape
    ? [...shape.functions.values()].filter((f) => stageOf(f) === 'compute').map((f) => `"${f.name}"`)
    : [];
  const fn = shape?.functions.get(entryPoint);
  const what = fn
    ? `"${entryPoint}" (line ${fn.line}) is ${stageOf(fn) ? `a @${stageOf(fn)} function` : 'not marked @compute'}`
    : `the shader has no function "${entryPoint}"`;
  const change =
    computeNames.length === 1
      ? `set kernel.entryPoint to ${computeNames[0]}, its only @compute function`
      : computeNames.length > 1
        ? `set kernel.entryPoint to one of its @compute functions (${computeNames.join(', ')})`
        : fn
          ? `mark it @compute @workgroup_size(...)`
          : shape
            ? `the shader has no @compute function at all: mark the one to run @compute @workgroup_size(...)`
            : `set kernel.entryPoint to the shader's @compute function`;
  return { field: 'kernel.entryPoint', message: `${what}; ${change}` };
}

function checkEntryPoint(entryPoint: string, shape: WgslShape): JobRejection | undefined {
  const fn = shape.functions.get(entryPoint);
  if (fn && stageOf(fn) === 'compute') return undefined;
  return entryPointRejection(entryPoint, shape);
}

const isBuffer = (kind: WgslResource['kind']): kind is JobBinding['type'] =>
  kind === 'storage-read' || kind === 'storage' || kind === 'uniform';

/** `a texture`, `a sampler`: what a resource that is no buffer is, for a message. */
const notABuffer = (res: WgslResource) =>
  res.kind === 'texture' ? 'a texture' : res.kind === 'sampler' ? 'a sampler' : 'not a buffer';

function checkBindings(spec: JobSpec, shape: WgslShape): JobRejection[] {
  const out: JobRejection[] = [];
  const { used, unsure } = resourcesUsedBy(shape, spec.kernel.entryPoint);
  for (const res of used) {
    if (res.group === null || res.binding === null || unsure.has(res.name)) continue;
    const at = `@group(${res.group}) @binding(${res.binding})`;
    if (res.group !== 0) {
      out.push({
        field: 'kernel.wgsl',
        message: `line ${res.line} uses ${at} (${res.declaration}), but a job binds only @group(0); move it to @group(0)`,
      });
      continue;
    }
    const index = spec.bindings.findIndex((b) => b.binding === res.binding);
    if (index < 0) {
      const add = isBuffer(res.kind)
        ? `add {"binding": ${res.binding}, "type": "${res.kind}", "source": ...} to bindings or stop using ${res.name} in "${spec.kernel.entryPoint}"`
        : `it is ${notABuffer(res)}, which a job cannot bind: use a storage buffer instead`;
      out.push({
        field: 'bindings',
        message: `line ${res.line} of the shader uses ${at} (${res.declaration}) but the spec has no binding ${res.binding}; ${add}`,
      });
      continue;
    }
    const declared = spec.bindings[index]!.type;
    if (res.kind === declared) continue;
    const said = `"${declared}" (${SPEC_TYPE_WGSL[declared]})`;
    out.push({
      field: `bindings[${index}].type`,
      message: isBuffer(res.kind)
        ? `${said} does not match line ${res.line} of the shader, which declares ${at} as ${res.declaration}; change the type to "${res.kind}" or the declaration to ${SPEC_TYPE_WGSL[declared]}`
        : `${said} does not match line ${res.line} of the shader, which declares ${at} as ${notABuffer(res)} (${res.declaration}), and a job binds only buffers; declare it ${SPEC_TYPE_WGSL[declared]}`,
    });
  }
  return out;
}

function checkWorkgroupSize(spec: JobSpec, limits: WorkgroupLimits, shape: WgslShape): JobRejection[] {
  const fn = shape.functions.get(spec.kernel.entryPoint)!;
  const attr = fn.attributes.find((a) => a.name === 'workgroup_size');
  if (!attr || attr.args.length < 1 || attr.args.length > 3) return [];
  const fromSpec = new Map<string, number>();
  const value = (name: string, depth: number): number | undefined => {
    const c = shape.constants.get(name);
    if (!c || depth > 16) return undefined;
    if (c.kind === 'const') return constValue(shape.constants, name);
    const key = name in spec.kernel.constants ? name : c.id !== null ? String(c.id) : undefined;
    if (key !== undefined && key in spec.kernel.constants) {
      fromSpec.set(key, spec.kernel.constants[key]!);
      return spec.kernel.constants[key];
    }
    return c.init ? evaluateInteger(c.init, (id) => value(id, depth + 1)) : undefined;
  };
  const size: number[] = [];
  for (const arg of attr.args) {
    const v = evaluateInteger(arg, (id) => value(id, 0));
    if (v === undefined || v < 1) return []; // not decidable here (or invalid): Dawn says
    size.push(v);
  }
  while (size.length < 3) size.push(1);
  const given = [...fromSpec].map(([k, v]) => `${k} = ${v}`).join(', ');
  const field = fromSpec.size ? `kernel.constants.${[...fromSpec.keys()][0]}` : 'kernel.wgsl';
  const where = `line ${attr.line}: @workgroup_size(${attr.args.map((a) => joinTokens(a)).join(', ')})${given ? ` with ${given} from kernel.constants` : ''}`;
  const dims = [
    ['x', limits.maxComputeWorkgroupSizeX, 'maxComputeWorkgroupSizeX'],
    ['y', limits.maxComputeWorkgroupSizeY, 'maxComputeWorkgroupSizeY'],
    ['z', limits.maxComputeWorkgroupSizeZ, 'maxComputeWorkgroupSizeZ'],
  ] as const;
  for (const [i, [axis, limit, limitName]] of dims.entries()) {
    if (size[i]! > limit) {
      return [
        {
          field,
          message: `${where} asks ${axis} = ${size[i]}, over this device's limit of ${limit} (${limitName}); make ${axis} at most ${limit}`,
        },
      ];
    }
  }
  const invocations = size[0]! * size[1]! * size[2]!;
  const limit = limits.maxComputeInvocationsPerWorkgroup;
  if (invocations <= limit) return [];
  return [
    {
      field,
      message: `${where} is ${invocations} invocations per workgroup, over this device's limit of ${limit} (maxComputeInvocationsPerWorkgroup); make x * y * z at most ${limit}`,
    },
  ];
}
