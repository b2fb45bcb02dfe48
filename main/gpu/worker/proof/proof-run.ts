// The GPU side of one proof-of-GPU challenge: buffers, pipelines and the commands that turn blocks
// into their Merkle roots (generate A_s, C = A_s x B, leaf digests, tree), a batch of up to
// `maxBatch` blocks per pass. The run owns its command encoder: the prover encodes batches, then
// calls submit(), so the per-batch parameters written with the queue land before their commands.
import { digestKey, matrixKey, seedBytes } from '../../../../common/node/proof/proof-of-gpu-math.js';
import { POG_SEGMENT } from '../../../../common/proof-of-gpu.js';
import { createBuffer, dispatchShape } from '../dispatch.js';
import { findVariant } from '../kernels/matmul-variants.js';
import { loadShader } from '../shader-source.js';
import type { TaskContext } from '../task-context.js';
import { maxBatchFor, treePasses } from './proof-batch.js';

/**
 * The multiply reuses a matmul kernel that reads plain row-major buffers, so the generated matrices
 * need no re-layout: a batch's A_s stacked one under the other is one (G n) x n matrix, and its
 * product with B is the G blocks' C_s stacked the same way. Any summation order is exact here:
 * every partial sum is an integer < 2^24.
 */
export const POG_MATMUL_VARIANT = 'tiled-64x64-4x4';

/** One block's C inside the batch buffer. */
export interface BlockSlice {
  buffer: GPUBuffer;
  offset: number;
  size: number;
}

/** A test's twist on the honest pipeline: runs after C is computed, before it is digested. */
export type Tamper = (encoder: GPUCommandEncoder, c: BlockSlice, block: number) => void;

export interface ProofRun {
  device: GPUDevice;
  n: number;
  leaves: number;
  /** Most blocks one batch holds (slots of the batch buffers). */
  maxBatch: number;
  c: GPUBuffer;
  nodes: GPUBuffer;
  /** Roots of the blocks in `order`, 32 bytes each, in that order. */
  roots: GPUBuffer;
  /** Byte offset of slot i's C in `c`, and of node j of slot i's tree in `nodes`. */
  cOffset(slot: number): number;
  nodeOffset(slot: number, node: number): number;
  encodeB(): void;
  /** Blocks order[first .. first + count - 1] into slots 0 .. count - 1 and their roots. */
  encodeBatch(first: number, count: number, tamper?: Tamper): void;
  /** Extra commands (readback copies) into the pending command buffer. */
  encoder(): GPUCommandEncoder;
  /** Submits what was encoded (see TaskContext.submit); the next batch starts a new encoder. */
  submit(ctx: TaskContext): Promise<number>;
  release(): void;
}

export interface ProofRunOptions {
  /** Blocks per batch at most, in place of the adapter's rule (the bench's before/after, tests). */
  maxBatch?: number;
}

const BATCH_ROW = 16;

export async function createProofRun(
  ctx: TaskContext,
  seedHex: string,
  n: number,
  order: readonly number[],
  options: ProofRunOptions = {},
): Promise<ProofRun> {
  const { device, pipelines, report } = await ctx.acquire();
  // Read here, not at import: the WebGPU globals exist only once the worker has installed them.
  const USAGE_UNIFORM = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  const USAGE_STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const USAGE_TABLE = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const seed = seedBytes(seedHex);
  const blocks = order.reduce((m, s) => Math.max(m, s), 0) + 1;
  // A caller's maxBatch replaces the adapter rule's count cap (the bench and the tests batch on a
  // CPU adapter too); memory and binding limits still apply.
  const G =
    options.maxBatch === undefined
      ? maxBatchFor(n, order.length, device.limits, report.isSoftware)
      : Math.min(options.maxBatch, maxBatchFor(n, order.length, device.limits, false, options.maxBatch));
  const variant = findVariant(POG_MATMUL_VARIANT);
  const digestSource = loadShader('pog-block-digest');
  const [generate, multiply, leavesPipe, treePipe] = await Promise.all([
    pipelines.get('pog-generate', loadShader('pog-generate')),
    pipelines.get(variant.shader, loadShader(variant.shader), variant.constants),
    pipelines.get('pog-block-digest', digestSource, {}, 'leaves'),
    pipelines.get('pog-block-digest', digestSource, {}, 'tree'),
  ]);
  const leaves = (n * n) / POG_SEGMENT;
  const label = 'pog';
  // A binding that does not match its shader makes every later submit a silent no-op (all-zero
  // roots): fail here, loudly, instead.
  device.pushErrorScope('validation');
  const matrix = n * n * 4;
  const a = createBuffer(device, `${label}:a`, G * matrix, USAGE_STORAGE);
  const b = createBuffer(device, `${label}:b`, matrix, USAGE_STORAGE);
  const c = createBuffer(device, `${label}:c`, G * matrix, USAGE_STORAGE);
  const nodes = createBuffer(device, `${label}:nodes`, G * 2 * leaves * 32, USAGE_STORAGE);
  const roots = createBuffer(device, `${label}:roots`, order.length * 32, USAGE_STORAGE);

  // Matrix keys by table row (B, then A_s for every block up to the last one asked for) and the key
  // row of each slot position (see shaders/include/pog-batch.wgsl).
  const keyTable = new Uint32Array((blocks + 1) * 4);
  keyTable.set(matrixKey(seed, 'B', 0), 0);
  for (const s of new Set(order)) keyTable.set(matrixKey(seed, 'A', s), (s + 1) * 4);
  const keys = createBuffer(device, `${label}:keys`, keyTable.byteLength, USAGE_STORAGE, keyTable);
  const rows = createBuffer(
    device,
    `${label}:rows`,
    (order.length + 1) * 4,
    USAGE_STORAGE,
    Uint32Array.from([0, ...order.map((s) => s + 1)]),
  );
  const bBatch = createBuffer(device, `${label}:batch-b`, 16, USAGE_UNIFORM, new Uint32Array([n, 0, 1, 0]));
  const batch = createBuffer(device, `${label}:batch`, 16, USAGE_UNIFORM);
  // A submit holds up to `order.length` batches; their rows are written with the queue just before
  // it and copied into `batch` inside the command buffer, one copy per batch.
  const batchTable = createBuffer(device, `${label}:batch-table`, order.length * BATCH_ROW, USAGE_TABLE);
  const key = createBuffer(device, `${label}:digest-key`, 32, USAGE_UNIFORM, digestKey(seed));
  // Matmul parameters for a batch of g blocks (row g - 1): m = g n rows of the stacked A.
  const tilesN = n / variant.tileN;
  const tilesPerBlock = (n / variant.tileM) * tilesN;
  const mmTable = new Uint32Array(G * 8);
  for (let g = 1; g <= G; g++)
    mmTable.set([g * n, n, n, 0, (g * n) / variant.tileM, tilesN, g * tilesPerBlock, 0], (g - 1) * 8);
  const mmRows = createBuffer(device, `${label}:matmul-table`, mmTable.byteLength, USAGE_TABLE, mmTable);
  const mmParams = createBuffer(device, `${label}:matmul-params`, 32, USAGE_UNIFORM);
  const passes = treePasses(leaves);
  const levelParams = passes.map((p, i) =>
    createBuffer(device, `${label}:level-${i}`, 16, USAGE_UNIFORM, new Uint32Array([p.first, p.depth, 0, 0])),
  );

  // Layouts are 'auto' per entry point: each binds only what its entry point uses.
  const bind = (pipeline: GPUComputePipeline, name: string, buffers: [number, GPUBuffer][]) =>
    device.createBindGroup({
      label: `${label}:${name}:bind`,
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map(([binding, buffer]) => ({ binding, resource: { buffer } })),
    });
  const genA = bind(generate, 'generate-a', [
    [0, batch],
    [1, a],
    [2, keys],
    [3, rows],
  ]);
  const genB = bind(generate, 'generate-b', [
    [0, bBatch],
    [1, b],
    [2, keys],
    [3, rows],
  ]);
  const mm = bind(multiply, 'matmul', [
    [0, mmParams],
    [1, a],
    [2, b],
    [3, c],
  ]);
  const leafBind = bind(leavesPipe, 'leaves', [
    [0, batch],
    [1, c],
    [2, nodes],
    [3, rows],
    [4, key],
  ]);
  const treeBinds = levelParams.map((level, i) =>
    bind(treePipe, `tree-${i}`, [
      [0, batch],
      [2, nodes],
      [5, level],
    ]),
  );

  const owned = [
    a,
    b,
    c,
    nodes,
    roots,
    keys,
    rows,
    bBatch,
    batch,
    batchTable,
    key,
    mmRows,
    mmParams,
    ...levelParams,
  ];
  const setupError = await device.popErrorScope();
  if (setupError) {
    owned.forEach((x) => x.destroy());
    throw new Error(`proof-of-GPU setup failed: ${setupError.message}`);
  }

  let encoder = device.createCommandEncoder({ label: 'pog:commands' });
  let pending: number[] = [];
  const pass = (name: string, pipeline: GPUComputePipeline, group: GPUBindGroup, groups: number) => {
    const shape = dispatchShape(groups, device.limits.maxComputeWorkgroupsPerDimension);
    const p = encoder.beginComputePass({ label: `${label}:${name}` });
    p.setPipeline(pipeline);
    p.setBindGroup(0, group);
    p.dispatchWorkgroups(shape.x, shape.y);
    p.end();
  };
  const cOffset = (slot: number) => slot * matrix;
  const nodeOffset = (slot: number, node: number) => (slot * 2 * leaves + node) * 32;

  return {
    device,
    n,
    leaves,
    maxBatch: G,
    c,
    nodes,
    roots,
    cOffset,
    nodeOffset,
    encodeB() {
      pass('generate-b', generate, genB, Math.ceil(matrix / 4 / 256));
    },
    encodeBatch(first, count, tamper) {
      if (count < 1 || count > G || first + count > order.length)
        throw new Error(`batch ${first}+${count} outside 1..${G} of ${order.length} blocks`);
      encoder.copyBufferToBuffer(batchTable, (pending.length / 4) * BATCH_ROW, batch, 0, BATCH_ROW);
      pending.push(n, 1 + first, count, 0);
      encoder.copyBufferToBuffer(mmRows, (count - 1) * 32, mmParams, 0, 32);
      pass('generate-a', generate, genA, Math.ceil((count * matrix) / 4 / 256));
      // The matmul kernel returns past `tiles`: a 2-D dispatch may round the count up.
      pass('matmul', multiply, mm, count * tilesPerBlock);
      for (let i = 0; tamper && i < count; i++)
        tamper(encoder, { buffer: c, offset: cOffset(i), size: matrix }, order[first + i]!);
      pass('leaves', leavesPipe, leafBind, Math.ceil((count * leaves) / 64));
      passes.forEach((p, i) => pass(`tree-${i}`, treePipe, treeBinds[i]!, count * p.workgroupsPerBlock));
      for (let i = 0; i < count; i++)
        encoder.copyBufferToBuffer(nodes, nodeOffset(i, 1), roots, (first + i) * 32, 32);
    },
    encoder: () => encoder,
    async submit(context) {
      if (pending.length) device.queue.writeBuffer(batchTable, 0, Uint32Array.from(pending));
      const commands = encoder.finish();
      pending = [];
      encoder = device.createCommandEncoder({ label: 'pog:commands' });
      return context.submit(device, [commands]);
    },
    release: () => owned.forEach((x) => x.destroy()),
  };
}
