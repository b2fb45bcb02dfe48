// Dawn's compile and pipeline errors in a job author's words: the safety net behind the static
// checks of job-shader-check.ts. Dawn names its own objects (`[ShaderModule "job-3c7d..."]`) and the
// call chain (" - While validating compute stage ..."); a job author needs the field or the WGSL
// line and what to change. Messages this does not recognise keep Dawn's first line, labels removed.
import type { JobSpec } from '../../../../common/job-spec.js';
import type { ShaderCompileError } from '../pipeline-cache.js';
import { entryPointRejection, SPEC_TYPE_WGSL } from './job-shader-check.js';
import type { JobRejection } from './job-validation.js';
import { resourcesUsedBy, type WgslResource, type WgslShape } from './wgsl-inspect.js';

const DAWN_BUFFER_TYPES: Record<string, keyof typeof SPEC_TYPE_WGSL> = {
  ReadOnlyStorage: 'storage-read',
  Storage: 'storage',
  Uniform: 'uniform',
};

/** Dawn's first line without its object labels. */
export function plainDawnText(details: string): string {
  const first = details.split('\n').find((l) => l.trim() && !l.trim().startsWith('- While')) ?? details;
  return first
    .replace(/\s*\[[A-Za-z]+ "+[^"]*"+\]/g, '')
    .replace(/"{2,}/g, '"')
    .replace(/\.$/, '')
    .trim();
}

export function translateShaderError(
  error: Pick<ShaderCompileError, 'stage' | 'details'>,
  spec: JobSpec,
  shape?: WgslShape,
): JobRejection {
  if (error.stage === 'compile') {
    const errors = error.details.split(/; (?=line \d+:\d+ )/);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return { field: 'kernel.wgsl', message: `does not compile: ${errors[0]!.split('\n')[0]}${more}` };
  }
  const d = error.details;
  if (/Entry point "+[^"]*"+ doesn't exist/.test(d))
    return entryPointRejection(spec.kernel.entryPoint, shape);

  const slot = /@group\((\d+)\) @binding\((\d+)\)/.exec(d);
  if (slot) {
    const [group, binding] = [Number(slot[1]), Number(slot[2])];
    const at = `@group(${group}) @binding(${binding})`;
    const res = findResource(shape, spec.kernel.entryPoint, group, binding);
    const where = res ? `line ${res.line} of the shader` : 'the shader';
    const index = spec.bindings.findIndex((b) => b.binding === binding);
    const buffers = /buffer type in the shader \(BufferBindingType::(\w+)\) is not compatible/.exec(d);
    const shaderType = buffers ? DAWN_BUFFER_TYPES[buffers[1]!] : undefined;
    if (shaderType && index >= 0) {
      const declared = spec.bindings[index]!.type;
      return {
        field: `bindings[${index}].type`,
        message: `"${declared}" (${SPEC_TYPE_WGSL[declared]}) does not match ${where}, which declares ${at} as ${res?.declaration ?? SPEC_TYPE_WGSL[shaderType]}; change the type to "${shaderType}" or the declaration to ${SPEC_TYPE_WGSL[declared]}`,
      };
    }
    const other = /Binding type in the shader \((\w+)\) doesn't match/.exec(d);
    if (other && index >= 0) {
      const declared = spec.bindings[index]!.type;
      return {
        field: `bindings[${index}].type`,
        message: `"${declared}" (${SPEC_TYPE_WGSL[declared]}) does not match ${where}, which declares ${at} as a ${other[1]}${res ? ` (${res.declaration})` : ''}, and a job binds only buffers; declare it ${SPEC_TYPE_WGSL[declared]}`,
      };
    }
    if (/Binding doesn't exist/.test(d)) {
      return {
        field: 'bindings',
        message: `${where} uses ${at}${res ? ` (${res.declaration})` : ''} but the spec has no binding ${binding}; add it to bindings or stop using it in "${spec.kernel.entryPoint}"`,
      };
    }
  }

  const perAxis =
    /workgroup_size\((\d+), (\d+), (\d+)\) that exceeds the maximum allowed \((\d+), (\d+), (\d+)\)/.exec(d);
  if (perAxis) {
    const size = perAxis.slice(1, 4).map(Number);
    const max = perAxis.slice(4, 7).map(Number);
    const axis = size.findIndex((v, i) => v > max[i]!);
    const name = 'xyz'[axis] ?? 'x';
    return {
      field: 'kernel.wgsl',
      message: `@workgroup_size(${size.join(', ')}) of "${spec.kernel.entryPoint}" asks ${name} = ${size[axis]}, over this device's limit of ${max[axis]} (maxComputeWorkgroupSize${name.toUpperCase()}); make ${name} at most ${max[axis]}`,
    };
  }
  const total = /total number of workgroup invocations \((\d+)\) exceeds the maximum allowed \((\d+)\)/.exec(
    d,
  );
  if (total) {
    return {
      field: 'kernel.wgsl',
      message: `the @workgroup_size of "${spec.kernel.entryPoint}" is ${total[1]} invocations per workgroup, over this device's limit of ${total[2]} (maxComputeInvocationsPerWorkgroup); make x * y * z at most ${total[2]}`,
    };
  }
  const constant = /constant "+([^"]+?)"+ (?:not found|does not exist)/i.exec(d);
  if (constant) {
    return {
      field: `kernel.constants.${constant[1]}`,
      message: `the shader has no override constant ${constant[1]}; remove it from kernel.constants or declare it with override`,
    };
  }
  return {
    field: 'kernel',
    message: `does not fit its entry point, constants or bindings: ${plainDawnText(d)}`,
  };
}

/** A bind group Dawn refused (checked once per pipeline and buffer sizes in job-buffers.ts). */
export function translateBindGroupError(details: string, spec: JobSpec, shape?: WgslShape): JobRejection {
  const small =
    /bound with size (\d+) at group (\d+), binding (\d+) is too small[^]*?at least (\d+) bytes/.exec(details);
  const index = small ? spec.bindings.findIndex((b) => b.binding === Number(small[3])) : -1;
  if (!small || index < 0)
    return { field: 'bindings', message: `do not fit the shader: ${plainDawnText(details)}` };
  const res = findResource(shape, spec.kernel.entryPoint, Number(small[2]), Number(small[3]));
  const padded = /uniform buffer binding/.test(details) ? ' (a uniform binding is padded to 16 bytes)' : '';
  const what = res ? `line ${res.line}'s ${res.declaration}` : `the shader's @binding(${small[3]})`;
  return {
    field: `bindings[${index}].source.size`,
    message: `${small[1]} bytes are too small for ${what}, which needs at least ${small[4]} bytes${padded}; make it at least ${small[4]}`,
  };
}

/** The resource at (group, binding) the entry point uses, else any declared there. */
function findResource(
  shape: WgslShape | undefined,
  entryPoint: string,
  group: number,
  binding: number,
): WgslResource | undefined {
  if (!shape) return undefined;
  const at = (r: WgslResource) => r.group === group && r.binding === binding;
  return resourcesUsedBy(shape, entryPoint).used.find(at) ?? shape.resources.find(at);
}
