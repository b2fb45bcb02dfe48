// GPUs whose vendor peaks we know, so a benchmark can say "x % of what the vendor promises" and the
// network can group devices into classes. Figures are the vendors' spec-sheet numbers (NVIDIA GeForce
// and data-center datasheets, Apple's M2 Pro announcement) as collected in the project's research
// notes (FACTS.md, "GPU performance"); memory sizes are the vendors' stated sizes for that exact part. A part that is not in this table gets no figure at all: a wrong peak (a laptop 4090 scored as
// a desktop one) misleads owners and lets a device claim a class it is not.
import { z } from 'zod';

export const GPU_CLASS_IDS = [
  'rtx-3060',
  'rtx-3080',
  'rtx-3090',
  'rtx-4070',
  'rtx-4090',
  'rtx-5090',
  'h100-sxm',
  'h200',
  'm2-pro',
] as const;
export const gpuClassSchema = z.enum(GPU_CLASS_IDS);
export type GpuClass = z.infer<typeof gpuClassSchema>;

export interface KnownGpu {
  id: GpuClass;
  name: string;
  fp32Tflops: number;
  /** Non-tensor FP16. GeForce and Apple run FP16 at the FP32 rate (it only saves bandwidth). */
  fp16Tflops: number;
  bandwidthGBs: number;
  /** Null where memory is unified with the system (Apple). */
  vramGb: number | null;
  /** GPU core count where one name covers parts with different counts (M2 Pro: 16 or 19). */
  gpuCores: number | null;
  /**
   * Matched against the whole normalized name, so any suffix not listed (Ti, SUPER, D, Laptop GPU,
   * PCIe, NVL) falls through to "unknown" instead of borrowing this row's figures.
   */
  pattern: RegExp;
}

/** LHR ("Lite Hash Rate") cards only throttle hashing: same compute and memory. */
const LHR = '( lhr| lite hash rate)?';

export const KNOWN_GPUS: readonly KnownGpu[] = [
  row('rtx-3060', 'GeForce RTX 3060', 12.7, 12.7, 360, 12, new RegExp(`^rtx 3060${LHR}( 12 ?gb)?$`)),
  row('rtx-3080', 'GeForce RTX 3080', 29.8, 29.8, 760, 10, new RegExp(`^rtx 3080${LHR}( 10 ?gb)?$`)),
  row('rtx-3090', 'GeForce RTX 3090', 35.6, 35.6, 936, 24, new RegExp(`^rtx 3090${LHR}$`)),
  row('rtx-4070', 'GeForce RTX 4070', 29.1, 29.1, 504, 12, /^rtx 4070$/),
  row('rtx-4090', 'GeForce RTX 4090', 82.6, 82.6, 1008, 24, /^rtx 4090$/),
  row('rtx-5090', 'GeForce RTX 5090', 104.8, 104.8, 1792, 32, /^rtx 5090$/),
  // nvidia-smi says "H100 80GB HBM3" for SXM5 and "H100 PCIe" / "H100 NVL" for the slower cards.
  row('h100-sxm', 'H100 SXM', 66.9, 133.8, 3350, 80, /^h100 (sxm5?( 80 ?gb)?( hbm3)?|80 ?gb hbm3)$/),
  // FP16 is not in the collected notes for H200: it is the H100 SXM figure, same GH100 chip and clocks.
  row('h200', 'H200', 66.9, 133.8, 4800, 141, /^h200( sxm5?)?( 141 ?gb)?( hbm3e)?$/),
  { ...row('m2-pro', 'Apple M2 Pro', 6.8, 6.8, 200, null, /^m2 pro$/), gpuCores: 19 },
];

function row(
  id: GpuClass,
  name: string,
  fp32Tflops: number,
  fp16Tflops: number,
  bandwidthGBs: number,
  vramGb: number | null,
  pattern: RegExp,
): KnownGpu {
  return { id, name, fp32Tflops, fp16Tflops, bandwidthGBs, vramGb, gpuCores: null, pattern };
}

/** What the system probe knows beyond the name; parts that share a name differ here. */
export interface GpuVariantHints {
  vramMb?: number | null;
  gpuCores?: number | null;
}

/** Memory sizes are stated in GB by vendors and reported in MiB by drivers (80 GB -> 81559 MiB). */
const VRAM_TOLERANCE = 0.1;

/**
 * The table row for a GPU name, or null when the part is not known exactly. Takes systeminformation
 * models ("NVIDIA GeForce RTX 4090", "AD102 [GeForce RTX 4090]", "Apple M2 Pro") and WebGPU's
 * `adapter.info.device` ("nvidia-geforce-rtx-4090"); Dawn's `description` is the driver, not the GPU.
 * From the name alone a 3060 8 GB, 3080 12 GB or 16-core M2 Pro resolve to their namesake row; pass
 * the hints when the system probe has them so those variants come back null instead.
 */
export function matchKnownGpu(name: string, hints: GpuVariantHints = {}): KnownGpu | null {
  const normalized = normalizeGpuName(name);
  const known = KNOWN_GPUS.find((gpu) => gpu.pattern.test(normalized));
  if (!known) return null;
  if (known.vramGb !== null && hints.vramMb) {
    const ratio = hints.vramMb / 1024 / known.vramGb;
    if (Math.abs(ratio - 1) > VRAM_TOLERANCE) return null;
  }
  if (known.gpuCores !== null && hints.gpuCores && hints.gpuCores !== known.gpuCores) return null;
  return known;
}

export interface VendorPeak {
  fp32Gflops: number;
  fp16Gflops: number;
  bandwidthGBs: number;
}

/** The vendor's peak figures for a GPU name, in the units benchmarks report; null when unknown. */
export function vendorPeak(name: string, hints?: GpuVariantHints): VendorPeak | null {
  const known = matchKnownGpu(name, hints);
  if (!known) return null;
  // Rounded: 82.6 * 1000 is 82599.99999999999 in floating point.
  return {
    fp32Gflops: Math.round(known.fp32Tflops * 1000),
    fp16Gflops: Math.round(known.fp16Tflops * 1000),
    bandwidthGBs: known.bandwidthGBs,
  };
}

/**
 * Lower case, punctuation to spaces, brand words and trademark marks dropped, so every spelling of
 * one part compares equal: "NVIDIA GeForce RTX 4090", WebGPU's "nvidia-geforce-rtx-4090", lspci's
 * "AD102 [GeForce RTX 4090]" (only the bracketed marketing name counts) and "Intel(R) UHD Graphics"
 * next to "intel-r-uhd-graphics".
 */
export function normalizeGpuName(name: string): string {
  const bracketed = /\[([^\]]+)\]/.exec(name)?.[1] ?? name;
  return bracketed
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(nvidia|geforce|apple|corporation|r|tm)\b/g, ' ')
    .replace(/ +/g, ' ')
    .trim();
}
