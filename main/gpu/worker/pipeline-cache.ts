// Compute pipelines cached per device by kernel name + entry point + override constants. Never keyed
// by per-run data, so a warm cache turns repeated runs into plain dispatches. Dropped with the device.
import { TaskFailure } from './task-failure.js';

/** WGSL that does not compile or link: the messages carry line:column, as a job author needs. */
export class ShaderCompileError extends TaskFailure {
  override readonly name = 'ShaderCompileError';
  constructor(
    kernel: string,
    readonly stage: 'compile' | 'pipeline',
    /** Dawn's own words: `line L:C message; ...` (compile) or the pipeline creation error. */
    readonly details: string,
  ) {
    const what =
      stage === 'compile' ? 'does not compile' : 'does not fit its entry point, constants or bindings';
    super('job-rejected', `kernel (${kernel}) ${what}: ${details}`);
  }
}

/** An explicit group-0 layout: the job spec's declared bindings, so a shader that disagrees fails. */
export type BufferLayout = readonly { binding: number; type: GPUBufferBindingType }[];

export class PipelineCache {
  private readonly modules = new Map<string, Promise<GPUShaderModule>>();
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();

  constructor(private readonly device: GPUDevice) {}

  /**
   * @param kernel a stable name for the code: the shaders/ file name, or a content hash for jobs
   * @param code WGSL source, only compiled the first time `kernel` is seen
   */
  get(
    kernel: string,
    code: string,
    constants: Record<string, number> = {},
    entryPoint = 'main',
    layout?: BufferLayout,
  ): Promise<GPUComputePipeline> {
    const key = PipelineCache.key(kernel, constants, entryPoint, layout);
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      pipeline = this.build(kernel, code, constants, entryPoint, layout);
      // A failed compile must not poison the cache for the next try.
      pipeline.catch(() => this.pipelines.delete(key));
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  has(
    kernel: string,
    constants: Record<string, number> = {},
    entryPoint = 'main',
    layout?: BufferLayout,
  ): boolean {
    return this.pipelines.has(PipelineCache.key(kernel, constants, entryPoint, layout));
  }

  get size(): number {
    return this.pipelines.size;
  }

  private static key(
    kernel: string,
    constants: Record<string, number>,
    entryPoint: string,
    layout: BufferLayout | undefined,
  ): string {
    const constantKey = Object.keys(constants)
      .sort()
      .map((k) => `${k}=${constants[k]}`)
      .join(',');
    const layoutKey = layout ? layout.map((e) => `${e.binding}:${e.type}`).join(',') : 'auto';
    return `${kernel}|${entryPoint}|${constantKey}|${layoutKey}`;
  }

  private async build(
    kernel: string,
    code: string,
    constants: Record<string, number>,
    entryPoint: string,
    layout: BufferLayout | undefined,
  ): Promise<GPUComputePipeline> {
    const module = await this.module(kernel, code);
    try {
      return await this.device.createComputePipelineAsync({
        label: `${kernel}:${entryPoint}`,
        layout: layout ? this.pipelineLayout(kernel, layout) : 'auto',
        compute: { module, entryPoint, constants },
      });
    } catch (error) {
      // Wrong entry point, unknown override constant, bindings that disagree with the layout...
      throw new ShaderCompileError(
        kernel,
        'pipeline',
        error instanceof Error ? error.message : String(error),
      );
    }
  }

  private pipelineLayout(kernel: string, layout: BufferLayout): GPUPipelineLayout {
    const group = this.device.createBindGroupLayout({
      label: `${kernel}:group0`,
      entries: layout.map((e) => ({
        binding: e.binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: e.type },
      })),
    });
    return this.device.createPipelineLayout({ label: `${kernel}:layout`, bindGroupLayouts: [group] });
  }

  private module(kernel: string, code: string): Promise<GPUShaderModule> {
    let module = this.modules.get(kernel);
    if (!module) {
      module = (async () => {
        const created = this.device.createShaderModule({ label: kernel, code });
        const info = await created.getCompilationInfo();
        const errors = info.messages.filter((m) => m.type === 'error');
        if (errors.length) {
          throw new ShaderCompileError(
            kernel,
            'compile',
            errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; '),
          );
        }
        return created;
      })();
      module.catch(() => this.modules.delete(kernel));
      this.modules.set(kernel, module);
    }
    return module;
  }
}
