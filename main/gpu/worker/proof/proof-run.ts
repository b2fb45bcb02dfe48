// The GPU side of one proof-of-GPU challenge: buffers, pipelines and the commands that turn one block
// s into its Merkle root (generate A_s, C = A_s x B, leaf digests, tree). Every block is encoded into
// a caller's command encoder, so the prover can put one block or many into one submit.
import { digestKey, matrixKey, seedBytes } from '../../../../common/node/proof/proof-of-gpu-math.js';
import { POG_SEGMENT } from '../../../../common/proof-of-gpu.js';
import { createBuffer, dispatchShape } from '../dispatch.js';
import { findVariant } from '../kernels/matmul-variants.js';
import { loadShader } from '../shader-source.js';
import type { TaskContext } from '../task-context.js';

/**
 * The multiply reuses a matmul kernel that reads plain row-major buffers, so the generated matrices
 * need no re-layout. Any summation order is exact here: every partial sum is an integer < 2^24.
 */
export const POG_MATMUL_VARIANT = 'tiled-64x64-4x4';

/** A test's twist on the honest pipeline: runs after C is computed, before it is digested. */
export type Tamper = (encoder: GPUCommandEncoder, c: GPUBuffer, block: number) => void;

export interface ProofRun {
  device: GPUDevice;
  n: number;
  leaves: number;
  c: GPUBuffer;
  nodes: GPUBuffer;
  /** Block roots, 32 bytes each, in block order. */
  roots: GPUBuffer;
  encodeB(encoder: GPUCommandEncoder): void;
  encodeBlock(encoder: GPUCommandEncoder, block: number, tamper?: Tamper): void;
  release(): void;
}

export async function createProofRun(
  ctx: TaskContext,
  seedHex: string,
  n: number,
  blocks: number,
): Promise<ProofRun> {
  const { device, pipelines } = await ctx.acquire();
  // Read here, not at import: the WebGPU globals exist only once the worker has installed them.
  const USAGE_UNIFORM = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  const USAGE_STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const seed = seedBytes(seedHex);
  const variant = findVariant(POG_MATMUL_VARIANT);
  const digestSource = loadShader('pog-digest');
  const [generate, multiply, leavesPipe, parentsPipe] = await Promise.all([
    pipelines.get('pog-generate', loadShader('pog-generate')),
    pipelines.get(variant.shader, loadShader(variant.shader), variant.constants),
    pipelines.get('pog-digest', digestSource, {}, 'leaves'),
    pipelines.get('pog-digest', digestSource, {}, 'parents'),
  ]);
  const leaves = (n * n) / POG_SEGMENT;
  const label = 'pog';
  const matrix = (name: string) => createBuffer(device, `${label}:${name}`, n * n * 4, USAGE_STORAGE);
  const [a, b, c] = [matrix('a'), matrix('b'), matrix('c')];
  const nodes = createBuffer(device, `${label}:nodes`, 2 * leaves * 32, USAGE_STORAGE);
  const roots = createBuffer(device, `${label}:roots`, blocks * 32, USAGE_STORAGE);

  // Per-pass parameters live in tables and are copied into the uniforms inside the command buffer
  // (as the matmul host does), so any number of blocks fits into one submit.
  // Generation table: row 0 is B, row s + 1 is A_s; each row { key: 4 x u32, n, 0, 0, 0 }.
  const genTable = new Uint32Array((blocks + 1) * 8);
  genTable.set([...matrixKey(seed, 'B', 0), n], 0);
  for (let s = 0; s < blocks; s++) genTable.set([...matrixKey(seed, 'A', s), n], (s + 1) * 8);
  const genRows = createBuffer(
    device,
    `${label}:gen-table`,
    genTable.byteLength,
    GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    genTable,
  );
  const genParams = createBuffer(device, `${label}:gen-params`, 32, USAGE_UNIFORM);
  // Digest uniform: { key: 8 x u32, block, n, first, count }; the last 16 bytes come from a table
  // with one row per block { s, n, 0, 0 } then one per tree level { 0, n, first, count }.
  const levels: number[] = [];
  for (let first = leaves / 2; first >= 1; first /= 2) levels.push(first);
  const digestTable = new Uint32Array((blocks + levels.length) * 4);
  for (let s = 0; s < blocks; s++) digestTable.set([s, n, 0, 0], s * 4);
  levels.forEach((first, d) => digestTable.set([0, n, first, first], (blocks + d) * 4));
  const digestRows = createBuffer(
    device,
    `${label}:digest-table`,
    digestTable.byteLength,
    GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    digestTable,
  );
  const digestParams = createBuffer(
    device,
    `${label}:digest-params`,
    48,
    USAGE_UNIFORM,
    new Uint32Array([...digestKey(seed), 0, n, 0, 0]),
  );
  const tilesSide = n / variant.tileM;
  const tiles = tilesSide * tilesSide;
  const mmParams = createBuffer(
    device,
    `${label}:matmul-params`,
    32,
    USAGE_UNIFORM,
    new Uint32Array([n, n, n, 0, tilesSide, tilesSide, tiles, 0]),
  );

  // Layouts are 'auto' per entry point: `parents` does not use binding 1 (c), so it is not bound.
  const bind = (pipeline: GPUComputePipeline, name: string, buffers: [number, GPUBuffer][]) =>
    device.createBindGroup({
      label: `${label}:${name}:bind`,
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map(([binding, buffer]) => ({ binding, resource: { buffer } })),
    });
  const genA = bind(generate, 'generate-a', [
    [0, genParams],
    [1, a],
  ]);
  const genB = bind(generate, 'generate-b', [
    [0, genParams],
    [1, b],
  ]);
  const mm = bind(multiply, 'matmul', [
    [0, mmParams],
    [1, a],
    [2, b],
    [3, c],
  ]);
  const leafBind = bind(leavesPipe, 'leaves', [
    [0, digestParams],
    [1, c],
    [2, nodes],
  ]);
  const parentBind = bind(parentsPipe, 'parents', [
    [0, digestParams],
    [2, nodes],
  ]);

  const pass = (
    encoder: GPUCommandEncoder,
    name: string,
    pipeline: GPUComputePipeline,
    group: GPUBindGroup,
    groups: number,
  ) => {
    const shape = dispatchShape(groups, device.limits.maxComputeWorkgroupsPerDimension);
    const p = encoder.beginComputePass({ label: `${label}:${name}` });
    p.setPipeline(pipeline);
    p.setBindGroup(0, group);
    p.dispatchWorkgroups(shape.x, shape.y);
    p.end();
  };
  const genGroups = Math.ceil((n * n) / 256);

  return {
    device,
    n,
    leaves,
    c,
    nodes,
    roots,
    encodeB(encoder) {
      encoder.copyBufferToBuffer(genRows, 0, genParams, 0, 32);
      pass(encoder, 'generate-b', generate, genB, genGroups);
    },
    encodeBlock(encoder, s, tamper) {
      encoder.copyBufferToBuffer(genRows, (s + 1) * 32, genParams, 0, 32);
      pass(encoder, 'generate-a', generate, genA, genGroups);
      // The matmul kernel clamps nothing past `tiles`: one 1-D dispatch of exactly the tiles.
      pass(encoder, 'matmul', multiply, mm, tiles);
      tamper?.(encoder, c, s);
      encoder.copyBufferToBuffer(digestRows, s * 16, digestParams, 32, 16);
      pass(encoder, 'leaves', leavesPipe, leafBind, Math.ceil(leaves / 64));
      levels.forEach((first, d) => {
        encoder.copyBufferToBuffer(digestRows, (blocks + d) * 16, digestParams, 32, 16);
        pass(encoder, 'parents', parentsPipe, parentBind, Math.ceil(first / 64));
      });
      encoder.copyBufferToBuffer(nodes, 32, roots, s * 32, 32);
    },
    release: () =>
      [a, b, c, nodes, roots, genRows, genParams, digestRows, digestParams, mmParams].forEach((x) =>
        x.destroy(),
      ),
  };
}
