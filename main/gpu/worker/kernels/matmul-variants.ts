// The matmul kernel variants: which shader, which pipeline constants, which output tile one
// workgroup computes and how the host lays out the inputs. The autotuner times every variant the
// adapter supports and keeps the fastest; which one wins differs by adapter:
// - tiled-*: workgroup-memory tiles with A stored transposed and register blocks of 4x4 to 8x8,
//   the shape that wins on real GPUs (the -bt ones read B transposed, faster on some GPUs);
// - reg-*: register blocks without workgroup memory or barriers;
// - texsg-*: storage-texture inputs with A rows shared by subgroup broadcasts, built for CPU
//   adapters (lavapipe), where every storage-buffer load costs one scalar load per SIMD lane.

/** How the host lays out A and B for a kernel (C is always m rows x ceil(n/4) vec4). */
export type MatmulLayout =
  /** A: m x ceil(k/4) vec4; B: 4*ceil(k/4) x ceil(n/4) vec4; zero padding. */
  | 'buffers'
  /** A as for 'buffers'; B transposed: n x ceil(k/4) vec4. */
  | 'buffers-bt'
  /**
   * rgba32float storage textures: A with the 'buffers' shape, one texel per vec4; B packed in
   * panels of `panelTexels` vec4 columns, one panel per layer of a texture array.
   */
  | 'texture-panels';

export type MatmulPrecision = 'f32' | 'f16';

export interface MatmulVariant {
  name: string;
  precision: MatmulPrecision;
  /** shaders/<shader>.wgsl */
  shader: string;
  constants: Record<string, number>;
  /** Output rows x columns one workgroup computes. */
  tileM: number;
  tileN: number;
  layout: MatmulLayout;
  /** Panel width in vec4 for 'texture-panels'. */
  panelTexels?: number;
  /** Tiles numbered column by column (the kernel's COLUMN_MAJOR), else row by row. */
  columnMajor: boolean;
  /** Device features the shader enables. */
  features: readonly GPUFeatureName[];
  /** Smallest subgroup size the kernel is correct with (it broadcasts from lanes 0..7). */
  minSubgroupSize?: number;
}

const base = { precision: 'f32', columnMajor: false, features: [] } as const;

function tiled(bm: number, bn: number, bk: number, tm: number, tnv: number, bt: boolean): MatmulVariant {
  return {
    ...base,
    name: `tiled-${bm}x${bn}-${tm}x${4 * tnv}${bt ? '-bt' : ''}`,
    shader: 'matmul-f32-tiled',
    constants: { BM: bm, BN: bn, BK: bk, TM: tm, TNV: tnv, B_TRANSPOSED: bt ? 1 : 0 },
    tileM: bm,
    tileN: bn,
    layout: bt ? 'buffers-bt' : 'buffers',
  };
}

function reg(wgx: number, wgy: number, tm: number, tnv: number): MatmulVariant {
  return {
    ...base,
    name: `reg-${tm}x${4 * tnv}-wg${wgx * wgy}`,
    shader: 'matmul-f32-reg',
    constants: { WGX: wgx, WGY: wgy, TM: tm, TNV: tnv },
    tileM: wgy * tm,
    tileN: wgx * tnv * 4,
    layout: 'buffers',
  };
}

function texsg(wg: number, tm: number, tnv = 1): MatmulVariant {
  return {
    ...base,
    name: `texsg-${tm}x${4 * tnv}-wg${wg}`,
    shader: 'matmul-f32-texsg',
    constants: { WG: wg, TM: tm, TNV: tnv, COLUMN_MAJOR: 1 },
    tileM: tm,
    tileN: wg * tnv * 4,
    layout: 'texture-panels',
    panelTexels: wg * tnv,
    columnMajor: true,
    features: ['subgroups'],
    minSubgroupSize: 8,
  };
}

export const NAIVE_VARIANT: MatmulVariant = {
  ...base,
  name: 'naive',
  shader: 'matmul-naive',
  constants: { TILE: 16 },
  tileM: 16,
  tileN: 16,
  layout: 'buffers',
};

/** Candidates for the autotuned f32 figure. */
export const F32_VARIANTS: readonly MatmulVariant[] = [
  tiled(64, 64, 16, 4, 1, false),
  tiled(64, 64, 16, 4, 2, false),
  tiled(128, 128, 8, 8, 2, false),
  tiled(64, 64, 16, 4, 1, true),
  tiled(128, 128, 8, 8, 2, true),
  reg(16, 4, 4, 1),
  reg(16, 4, 4, 2),
  reg(16, 8, 8, 2),
  texsg(16, 16),
  texsg(16, 8),
  texsg(32, 16),
  texsg(8, 16),
  texsg(16, 8, 2),
  texsg(16, 16, 2),
  texsg(8, 16, 2),
  texsg(8, 8, 2),
];

function tiledF16(bm: number, bn: number, tnv: number): MatmulVariant {
  return {
    ...base,
    precision: 'f16',
    name: `f16-tiled-${bm}x${bn}-4x${4 * tnv}`,
    shader: 'matmul-f16',
    constants: { BM: bm, BN: bn, BK: 16, TNV: tnv },
    tileM: bm,
    tileN: bn,
    layout: 'buffers',
    features: ['shader-f16'],
  };
}

/** Candidates for the autotuned f16 figure. */
export const F16_VARIANTS: readonly MatmulVariant[] = [tiledF16(64, 64, 1), tiledF16(64, 128, 2)];

/** Every variant by name, for tests and for a cached winner. */
export const ALL_VARIANTS: readonly MatmulVariant[] = [NAIVE_VARIANT, ...F32_VARIANTS, ...F16_VARIANTS];

export function findVariant(name: string, among: readonly MatmulVariant[] = ALL_VARIANTS): MatmulVariant {
  const variant = among.find((v) => v.name === name);
  if (!variant) {
    throw new Error(`unknown matmul variant '${name}' (known: ${among.map((v) => v.name).join(', ')})`);
  }
  return variant;
}

/** Why this device cannot run the variant, or undefined when it can. */
export function unsupportedReason(
  variant: MatmulVariant,
  device: GPUDevice,
  adapter: GPUAdapter,
): string | undefined {
  for (const feature of variant.features) {
    if (!device.features.has(feature)) return `adapter lacks ${feature}`;
  }
  if (variant.minSubgroupSize !== undefined) {
    const info = adapter.info as GPUAdapterInfo & { subgroupMinSize?: number };
    const min = info.subgroupMinSize ?? 0;
    if (min < variant.minSubgroupSize) {
      return `subgroups of ${min} invocations, the kernel needs at least ${variant.minSubgroupSize}`;
    }
  }
  return undefined;
}
