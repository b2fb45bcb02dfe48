// Plain-language lines about what WebGPU will compute on compared with what the system reports. An
// owner must learn here, before anything else, that a software adapter earns nothing.
import type { AdapterReport } from '../../common/gpu-adapter.js';
import { normalizeGpuName } from '../../common/gpu-catalog.js';
import type { InventoryGpu } from '../../common/hardware.js';

type VendorFamily = 'nvidia' | 'amd' | 'intel' | 'apple' | 'qualcomm';

const FAMILIES: ReadonlyArray<[VendorFamily, RegExp]> = [
  ['nvidia', /nvidia|geforce|quadro|tesla/i],
  ['amd', /\bamd\b|advanced micro devices|\bati\b|radeon/i],
  ['intel', /intel/i],
  ['apple', /apple/i],
  ['qualcomm', /qualcomm|adreno/i],
];

/** Brands that ship discrete cards: an integrated adapter chosen over one of these is worth a word. */
const DISCRETE_FAMILIES: ReadonlySet<VendorFamily> = new Set(['nvidia', 'amd']);

const SOFTWARE_NAME = /llvmpipe|lavapipe|swiftshader|softpipe|microsoft basic render driver|warp/i;

export interface AdapterNoteInput {
  adapter: AdapterReport | null;
  adapterError: string | null;
  gpus: InventoryGpu[];
  /** False when the GPU list could not be read: then an empty list proves nothing. */
  gpuListRead: boolean;
}

export function adapterNotes({ adapter, adapterError, gpus, gpuListRead }: AdapterNoteInput): string[] {
  const notes: string[] = [];
  const hardwareGpus = gpus.filter((gpu) => gpuFamily(gpu) !== null);
  if (!adapter) {
    notes.push(`No WebGPU adapter: ${adapterError ?? 'none was found'}`);
  } else if (adapter.isSoftware) {
    const name = SOFTWARE_NAME.exec(`${adapter.description} ${adapter.device}`)?.[0] ?? adapter.device;
    notes.push(
      `The WebGPU adapter is a software renderer (${name}): it computes on the CPU, so benchmarks here ` +
        'say nothing about a GPU and the network will not pay for it.',
    );
    if (hardwareGpus.length > 0) {
      notes.push(
        `The system reports ${listModels(hardwareGpus)}, but WebGPU cannot use it: install or update ` +
          'the GPU driver (on Linux, one with Vulkan support).',
      );
    }
  }
  if (gpuListRead && gpus.length === 0) {
    const found =
      adapter && !adapter.isSoftware ? `, though WebGPU found ${adapterGpuName(adapter, gpus)}` : '';
    notes.push(`No GPU found by the system probe${found}.`);
  }
  if (adapter && !adapter.isSoftware) notes.push(...mismatchNotes(adapter, hardwareGpus));
  return notes;
}

/**
 * The GPU an adapter runs on, as a person reads it. Dawn puts the GPU name only in `device`, as a
 * normalized identifier ("nvidia-geforce-rtx-4090"); `description` names the driver. The system
 * probe's spelling of the same part reads better, so it wins when the names agree.
 */
export function adapterGpuName(adapter: AdapterReport, gpus: InventoryGpu[]): string {
  const device = normalizeGpuName(adapter.device);
  const same = gpus.find((gpu) => device !== '' && normalizeGpuName(gpu.model) === device);
  return same?.model ?? (adapter.device.replace(/-+/g, ' ').trim() || adapter.vendor || 'an unnamed adapter');
}

function mismatchNotes(adapter: AdapterReport, hardwareGpus: InventoryGpu[]): string[] {
  const family = familyOf(`${adapter.vendor} ${adapter.device}`);
  if (!family || hardwareGpus.length === 0) return [];
  const name = adapterGpuName(adapter, hardwareGpus);
  if (!hardwareGpus.some((gpu) => gpuFamily(gpu) === family)) {
    return [`WebGPU adapter is ${name} but the system reports ${listModels(hardwareGpus)}.`];
  }
  // The adapter's `kind` is a guess; a brand without discrete cards is integrated for sure.
  const integrated = adapter.kind === 'integrated' || !DISCRETE_FAMILIES.has(family);
  const skipped = hardwareGpus.filter((gpu) => {
    const other = gpuFamily(gpu);
    return other !== null && other !== family && DISCRETE_FAMILIES.has(other);
  });
  if (!integrated || skipped.length === 0) return [];
  return [
    `WebGPU uses the integrated ${name}, not the ${listModels(skipped)}: benchmarks and jobs would run ` +
      'on the integrated GPU.',
  ];
}

function gpuFamily(gpu: InventoryGpu): VendorFamily | null {
  return familyOf(`${gpu.vendor} ${gpu.model}`);
}

function familyOf(text: string): VendorFamily | null {
  return FAMILIES.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
}

function listModels(gpus: InventoryGpu[]): string {
  return gpus.map((gpu) => gpu.model).join(' and ');
}
