// Compute pipelines cached per device by kernel name + entry point + override constants. Never keyed
// by per-run data, so a warm cache turns repeated runs into plain dispatches. Dropped with the device.

export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
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
  ): Promise<GPUComputePipeline> {
    const constantKey = Object.keys(constants)
      .sort()
      .map((k) => `${k}=${constants[k]}`)
      .join(',');
    const key = `${kernel}|${entryPoint}|${constantKey}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      pipeline = this.device.createComputePipelineAsync({
        label: `${kernel}:${entryPoint}{${constantKey}}`,
        layout: 'auto',
        compute: { module: this.module(kernel, code), entryPoint, constants },
      });
      // A failed compile must not poison the cache for the next try.
      pipeline.catch(() => this.pipelines.delete(key));
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  get size(): number {
    return this.pipelines.size;
  }

  private module(kernel: string, code: string): GPUShaderModule {
    let module = this.modules.get(kernel);
    if (!module) {
      module = this.device.createShaderModule({ label: kernel, code });
      this.modules.set(kernel, module);
    }
    return module;
  }
}
