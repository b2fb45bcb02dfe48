// Host for the matmul shaders (matmul-naive, matmul-f32-tiled, matmul-f32-reg, matmul-f32-texsg,
// matmul-f16): binds a variant to inputs laid out by matmul-layout.ts and computes the output in
// bands of workgroup tiles. The band's first tile reaches the kernel through its uniform, copied from a table of tile
// numbers inside the command buffer, so any band is one self-contained command buffer and no submit
// has to hold the whole matrix (n = 2048 on a CPU adapter would take seconds).
import { createBuffer } from '../dispatch.js';
import { loadShader } from '../shader-source.js';
import type { TaskContext } from '../task-context.js';
import { checkOutputSize, inputsKey, uploadInputs, type MatmulInputs } from './matmul-layout.js';
import type { MatmulProblem } from './matmul-reference.js';
import { findVariant, unsupportedReason, type MatmulVariant } from './matmul-variants.js';

/** One variant bound to one problem: encodes bands of tiles and reads results back. */
export interface MatmulRun {
  device: GPUDevice;
  tiles: number;
  /** 2mnk / tiles: the work of an average tile. */
  flopsPerTile: number;
  /** One command buffer computing tiles first .. first + count - 1. */
  encode(first: number, count: number): GPUCommandBuffer;
  /** Tile holding output entry (row, col). */
  tileOf(row: number, col: number): number;
  /** Reads whole output rows back (n values each). */
  readRows(rows: readonly number[]): Promise<Map<number, Float32Array>>;
  release(): void;
}

export async function createMatmulRun(
  ctx: TaskContext,
  variant: MatmulVariant,
  p: MatmulProblem,
  inputs: MatmulInputs,
): Promise<MatmulRun> {
  if (inputs.key !== inputsKey(variant)) {
    throw new Error(`matmul variant ${variant.name} reads ${inputsKey(variant)} inputs, not ${inputs.key}`);
  }
  const { device, adapter, pipelines } = await ctx.acquire();
  const unsupported = unsupportedReason(variant, device, adapter);
  if (unsupported) throw new Error(`matmul variant ${variant.name} cannot run here: ${unsupported}`);
  const pipeline = await pipelines.get(variant.shader, loadShader(variant.shader), variant.constants);
  const n4 = Math.ceil(p.n / 4);
  const tilesM = Math.ceil(p.m / variant.tileM);
  const tilesN = Math.ceil(p.n / variant.tileN);
  const tiles = tilesM * tilesN;
  const label = `matmul:${variant.name}`;
  const rowBytes = n4 * 16;
  checkOutputSize(device, p.m * rowBytes);
  const params = createBuffer(
    device,
    `${label}:params`,
    32,
    GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    new Uint32Array([p.m, p.n, p.k, 0, tilesM, tilesN, tiles, 0]),
  );
  // starts[i] = i: the source of each band's tile_offset (copied into params at byte 12).
  const starts = createBuffer(
    device,
    `${label}:tile-starts`,
    tiles * 4,
    GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    Uint32Array.from({ length: tiles }, (_, i) => i),
  );
  const c = createBuffer(
    device,
    `${label}:c`,
    p.m * rowBytes,
    GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  );
  const bindGroup = device.createBindGroup({
    label: `${label}:bind`,
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 1, resource: inputs.a },
      { binding: 2, resource: inputs.b },
      { binding: 3, resource: { buffer: c } },
    ],
  });
  const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;

  const encode = (first: number, count: number) => {
    const encoder = device.createCommandEncoder({ label });
    // 1-D dispatches of exactly the band's tiles: no rounded-up shape computes extra tiles.
    for (let done = 0; done < count;) {
      const groups = Math.min(count - done, maxGroups);
      encoder.copyBufferToBuffer(starts, (first + done) * 4, params, 12, 4);
      const pass = encoder.beginComputePass({ label });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(groups);
      pass.end();
      done += groups;
    }
    return encoder.finish();
  };

  return {
    device,
    tiles,
    flopsPerTile: (2 * p.m * p.n * p.k) / tiles,
    encode,
    tileOf(row, col) {
      const tr = Math.floor(row / variant.tileM);
      const tc = Math.floor(col / variant.tileN);
      return variant.columnMajor ? tc * tilesM + tr : tr * tilesN + tc;
    },
    async readRows(rows) {
      const staging = device.createBuffer({
        label: `${label}:readback`,
        size: Math.max(16, rows.length * rowBytes),
        usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
      });
      try {
        const encoder = device.createCommandEncoder({ label: `${label}:readback` });
        rows.forEach((row, i) =>
          encoder.copyBufferToBuffer(c, row * rowBytes, staging, i * rowBytes, rowBytes),
        );
        await ctx.submit(device, [encoder.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
        const data = new Float32Array(staging.getMappedRange().slice(0));
        return new Map(rows.map((row, i) => [row, data.slice(i * n4 * 4, i * n4 * 4 + p.n)]));
      } finally {
        staging.destroy();
      }
    },
    release: () => [params, starts, c].forEach((x) => x.destroy()),
  };
}

/** Computes every tile, in bands small enough for one submit each. */
export async function runAllTiles(ctx: TaskContext, run: MatmulRun, tilesPerSubmit: number): Promise<void> {
  for (let first = 0; first < run.tiles; first += tilesPerSubmit) {
    await ctx.submit(run.device, [run.encode(first, Math.min(tilesPerSubmit, run.tiles - first))]);
  }
}

/**
 * C = A x B (row-major, m x k times k x n) with the named variant; returns C row-major (m x n).
 * For tests and small checks: it computes every tile and reads the whole output back.
 */
export async function runMatmul(
  ctx: TaskContext,
  variantName: string,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
): Promise<Float32Array> {
  const variant = findVariant(variantName);
  const { device } = await ctx.acquire();
  const problem = { m, k, n, a, b };
  const inputs = uploadInputs(device, variant, problem);
  try {
    const run = await createMatmulRun(ctx, variant, problem, inputs);
    try {
      await runAllTiles(ctx, run, 64);
      const rows = await run.readRows(Array.from({ length: m }, (_, i) => i));
      const c = new Float32Array(m * n);
      for (const [row, values] of rows) c.set(values, row * n);
      return c;
    } finally {
      run.release();
    }
  } finally {
    inputs.release();
  }
}
