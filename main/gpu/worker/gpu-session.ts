// The worker's one WebGPU device, created lazily with the adapter's real limits (Dawn's defaults are
// far below what benchmarks and jobs need), and recreated after a device loss.
import { isSoftwareAdapter, type AdapterReport } from '../../../common/gpu-adapter.js';
import { BufferPool } from './buffer-pool.js';
import { PipelineCache } from './pipeline-cache.js';
import { TaskFailure } from './task-failure.js';

export class NoAdapterError extends TaskFailure {
  override readonly name = 'NoAdapterError';
  constructor(message: string) {
    super('no-adapter', message);
  }
}

export class DeviceLostError extends TaskFailure {
  override readonly name = 'DeviceLostError';
  constructor(message: string) {
    super('device-lost', message);
  }
}

/** Limits requested at the adapter's maximum: the ones compute kernels hit first. */
const RAISED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxUniformBufferBindingSize',
] as const;

const OPTIONAL_FEATURES: GPUFeatureName[] = ['shader-f16', 'timestamp-query', 'subgroups'];

/**
 * Options for Dawn's `create()`. Timestamp quantization blurs timestamp queries against timing
 * attacks by web pages; here only this process's own timers write and read them (a job's WGSL cannot
 * reach a query set), and it costs an extra internal compute pass per resolve: ~0.1 ms of every job
 * on a CPU adapter. No validation or robustness toggle is touched.
 */
export const DAWN_CREATE_OPTIONS = ['disable-dawn-features=timestamp_quantization'];

export interface GpuDeviceHandle {
  adapter: GPUAdapter;
  device: GPUDevice;
  report: AdapterReport;
  pipelines: PipelineCache;
  /** Job buffers kept between jobs (see buffer-pool.ts); dropped with the device. */
  buffers: BufferPool;
}

export class GpuSession {
  private current: Promise<GpuDeviceHandle> | undefined;
  /** Why each lost device was lost; a device not in here is alive. */
  private readonly lostDevices = new WeakMap<GPUDevice, string>();
  private liveDevice: GPUDevice | undefined;

  constructor(private readonly gpu: GPU) {}

  /** The live device, created on first use or after a loss. */
  acquire(): Promise<GpuDeviceHandle> {
    this.current ??= this.create().catch((error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  /**
   * Whether `device` is lost. The lost promise settles a little after the failure it explains, so
   * callers that caught an error give it `graceMs` to arrive.
   */
  async wasLost(device: GPUDevice, graceMs = 100): Promise<boolean> {
    if (this.lostDevices.has(device)) return true;
    await Promise.race([device.lost, new Promise((resolve) => setTimeout(resolve, graceMs))]);
    return this.lostDevices.has(device);
  }

  /** Throws DeviceLostError if `device` was lost; kernels call it after every wait on the GPU. */
  checkLost(device: GPUDevice): void {
    const reason = this.lostDevices.get(device);
    if (reason !== undefined) throw new DeviceLostError(`GPU device lost: ${reason}`);
  }

  private async create(): Promise<GpuDeviceHandle> {
    const adapter = await this.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) {
      throw new NoAdapterError(
        'No WebGPU adapter found: no GPU driver with Vulkan, Metal or Direct3D 12 support is available. ' +
          'Install your GPU vendor driver (on Linux, Mesa or NVIDIA with Vulkan) and try again.',
      );
    }
    const requiredLimits: Record<string, number> = {};
    for (const name of RAISED_LIMITS) {
      const value = (adapter.limits as unknown as Record<string, number | undefined>)[name];
      if (typeof value === 'number') requiredLimits[name] = value;
    }
    const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
    const device = await adapter.requestDevice({
      label: 'io-provider',
      requiredLimits,
      requiredFeatures,
    });
    this.liveDevice = device;
    const handle: GpuDeviceHandle = {
      adapter,
      device,
      report: adapterReport(adapter, device),
      pipelines: new PipelineCache(device),
      buffers: new BufferPool(device),
    };
    void device.lost.then((info) => {
      // Drop the device, its pipeline cache and buffer pool; the next acquire() builds fresh ones. Any loss
      // counts, 'destroyed' included: this app never destroys its own device while it is in use.
      this.lostDevices.set(device, `${info.reason}: ${info.message}`);
      handle.buffers.trim();
      if (this.liveDevice === device) {
        this.liveDevice = undefined;
        this.current = undefined;
      }
    });
    return handle;
  }
}

function adapterReport(adapter: GPUAdapter, device: GPUDevice): AdapterReport {
  // adapter.info fields are getters: copy them out explicitly.
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean; backendType?: string };
  const isSoftware = isSoftwareAdapter({
    isFallbackAdapter: info.isFallbackAdapter,
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    device: info.device ?? '',
  });
  const limits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) {
    const value = (device.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === 'number') limits[name] = value;
  }
  const description = info.description ?? '';
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description,
    isSoftware,
    kind: isSoftware ? 'software' : guessKind(`${info.device ?? ''} ${description}`),
    backend: info.backendType ?? backendFor(process.platform),
    features: [...device.features].map(String).sort(),
    limits,
  };
}

/** A guess from the name (Dawn's `device` is like "intel-r-uhd-graphics-770"); shown, never trusted. */
function guessKind(name: string): AdapterReport['kind'] {
  if (/integrated|intel.{0,4}(u?hd|iris)|radeon.{0,6}graphics|apple.m\d/i.test(name)) return 'integrated';
  return name.trim() ? 'discrete' : 'unknown';
}

function backendFor(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'metal';
  if (platform === 'win32') return 'd3d12';
  return 'vulkan';
}
