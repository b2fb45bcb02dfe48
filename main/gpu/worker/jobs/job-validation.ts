// Static checks of a job spec against the app's caps and the device's limits: everything that can be
// refused before a byte reaches the GPU. Each rejection names the field and the limit it broke.
import { JOB_CAPS, type JobSpec } from '../../../../common/job-spec.js';
import { TaskFailure } from '../task-failure.js';

export interface JobDeviceLimits {
  maxStorageBufferBindingSize: number;
  maxUniformBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupsPerDimension: number;
  maxStorageBuffersPerShaderStage: number;
}

export interface JobRejection {
  field: string;
  message: string;
}

export class JobRejectedError extends TaskFailure {
  override readonly name = 'JobRejectedError';
  constructor(readonly rejections: JobRejection[]) {
    super('job-rejected', `job rejected: ${rejections.map((r) => `${r.field}: ${r.message}`).join('; ')}`);
  }
}

const MiB = 1024 * 1024;
const size = (bytes: number) =>
  bytes >= MiB ? `${(bytes / MiB).toFixed(bytes % MiB ? 1 : 0)} MiB` : `${bytes} bytes`;

/** Bytes a base64 string decodes to (the string is already known to be valid base64). */
export function base64DecodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

export function checkJobLimits(spec: JobSpec, limits: JobDeviceLimits): JobRejection[] {
  const out: JobRejection[] = [];
  const reject = (field: string, message: string) => out.push({ field, message });

  const wgslBytes = Buffer.byteLength(spec.kernel.wgsl, 'utf8');
  if (wgslBytes > JOB_CAPS.wgslBytes)
    reject('kernel.wgsl', `${size(wgslBytes)} exceeds the cap of ${size(JOB_CAPS.wgslBytes)}`);

  const maxBindings = Math.min(JOB_CAPS.bindings, limits.maxStorageBuffersPerShaderStage);
  if (spec.bindings.length > maxBindings)
    reject('bindings', `${spec.bindings.length} bindings exceed the limit of ${maxBindings}`);

  const seen = new Set<number>();
  let totalBytes = 0;
  spec.bindings.forEach((b, i) => {
    const field = `bindings[${i}]`;
    if (seen.has(b.binding)) reject(`${field}.binding`, `binding ${b.binding} is declared twice`);
    seen.add(b.binding);
    const bytes = b.source.size;
    totalBytes += b.output ? bytes * 2 : bytes; // outputs also need a staging copy
    if (bytes % 4 !== 0) reject(`${field}.source.size`, `${bytes} is not a multiple of 4 bytes`);
    const [limit, limitName] =
      b.type === 'uniform'
        ? [Math.min(limits.maxUniformBufferBindingSize, JOB_CAPS.uniformBytes), 'uniform buffer limit']
        : [
            Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, JOB_CAPS.bufferBytes),
            'storage buffer limit',
          ];
    if (bytes > limit)
      reject(`${field}.source.size`, `${size(bytes)} exceeds the ${limitName} of ${size(limit)}`);
    if (b.source.kind === 'inline') {
      if (bytes > JOB_CAPS.inlineBytes) {
        reject(
          `${field}.source`,
          `${size(bytes)} inline exceeds the cap of ${size(JOB_CAPS.inlineBytes)}: send larger inputs by sha256`,
        );
      }
      const decoded = base64DecodedLength(b.source.base64);
      if (decoded !== bytes) {
        reject(
          `${field}.source.base64`,
          `decodes to ${decoded} bytes but size says ${bytes} (truncated or wrong size)`,
        );
      }
    }
    if (b.output && b.type !== 'storage')
      reject(`${field}.output`, `only read-write storage bindings can be outputs`);
  });
  if (!spec.bindings.some((b) => b.output))
    reject('bindings', 'no binding is marked output: the job would return nothing');
  if (totalBytes > JOB_CAPS.totalBytes) {
    reject(
      'bindings',
      `${size(totalBytes)} of buffers (outputs counted twice) exceed the cap of ${size(JOB_CAPS.totalBytes)}`,
    );
  }

  checkDispatch(spec, limits, reject);

  if (spec.deadlineMs > JOB_CAPS.deadlineMs)
    reject('deadlineMs', `${spec.deadlineMs} ms exceeds the cap of ${JOB_CAPS.deadlineMs} ms`);
  if ((spec.chunkBudgetMs ?? 0) > JOB_CAPS.chunkBudgetMs) {
    reject(
      'chunkBudgetMs',
      `${spec.chunkBudgetMs} ms exceeds the cap of ${JOB_CAPS.chunkBudgetMs} ms (keep chunks short so the owner gets the GPU back at once)`,
    );
  }
  return out;
}

function checkDispatch(
  spec: JobSpec,
  limits: JobDeviceLimits,
  reject: (field: string, message: string) => void,
): void {
  const { chunks, uniformBinding } = spec.dispatch;
  if (chunks.length > JOB_CAPS.chunks)
    reject('dispatch.chunks', `${chunks.length} chunks exceed the cap of ${JOB_CAPS.chunks}`);
  const uniformTarget = spec.bindings.find((b) => b.binding === uniformBinding);
  if (uniformBinding !== undefined && uniformTarget?.type !== 'uniform') {
    reject('dispatch.uniformBinding', `binding ${uniformBinding} is not a declared uniform binding`);
  }
  const maxDim = limits.maxComputeWorkgroupsPerDimension;
  chunks.forEach((chunk, i) => {
    const field = `dispatch.chunks[${i}]`;
    chunk.workgroups.forEach((n, axis) => {
      if (n > maxDim)
        reject(`${field}.workgroups[${axis}]`, `${n} exceeds the device limit of ${maxDim} per dimension`);
    });
    const total = chunk.workgroups[0] * chunk.workgroups[1] * chunk.workgroups[2];
    if (total > JOB_CAPS.workgroupsPerChunk) {
      reject(
        `${field}.workgroups`,
        `${total} workgroups exceed the cap of ${JOB_CAPS.workgroupsPerChunk} per chunk (split it into more chunks)`,
      );
    }
    if (chunk.uniform !== undefined) {
      if (uniformBinding === undefined)
        reject(`${field}.uniform`, 'chunk data needs dispatch.uniformBinding');
      else if (uniformTarget && base64DecodedLength(chunk.uniform) > uniformTarget.source.size) {
        reject(
          `${field}.uniform`,
          `${base64DecodedLength(chunk.uniform)} bytes do not fit the ${uniformTarget.source.size}-byte uniform binding`,
        );
      }
    }
  });
}
