// The GPU side of the proof-of-GPU memory phase: the buffer (chunk buffers within the device's
// binding limits), the pipelines of shaders/pog-memory.wgsl and the commands that fill it, walk it
// one batch at a time (each batch ends in its Merkle root, built by pog-digest's `parents`) and
// trace listed walkers for the openings.
import { ITEM_BYTES, memoryKey, memoryLayout } from '../../../../common/node/proof/proof-of-gpu-memory.js';
import { seedBytes, wordsOf } from '../../../../common/node/proof/proof-of-gpu-math.js';
import { createBuffer, dispatchShape, writeBytes } from '../dispatch.js';
import { loadShader } from '../shader-source.js';
import type { TaskContext } from '../task-context.js';

/** Binding of chunk 0; the others follow (see the shader's header). */
const CHUNK_BINDING = 10;

/** A test's device that holds less than it claims: the share of items it keeps, and what it does for the rest. */
export interface MemoryCheat {
  heldFraction: number;
  /** Recompute missing items on the GPU (slow, right) rather than read a held one (fast, wrong). */
  recompute: boolean;
}

export interface MemoryShape {
  seed: string;
  bytes: number;
  hashes: number;
  /** Items per chunk buffer; by default as many as one binding holds. Tests force several chunks. */
  perChunk?: number | undefined;
}

export interface MemoryWalk {
  roots: GPUBuffer;
  nodes: GPUBuffer;
  encodeBatch(encoder: GPUCommandEncoder, batch: number): void;
  /** States a_0 .. a_steps of each listed walker, (steps + 1) x 32 bytes each. */
  encodeTrace(encoder: GPUCommandEncoder, list: readonly { batch: number; walker: number }[]): GPUBuffer;
  release(): void;
}

export interface MemoryRun {
  device: GPUDevice;
  items: number;
  /** Items in memory: fewer than `items` when an allocation failed (or a test holds less). */
  held: number;
  perChunk: number;
  encodeFill(encoder: GPUCommandEncoder, first: number, count: number): void;
  prepareWalk(walkSeed: string, walkers: number, steps: number, batches: number): Promise<MemoryWalk>;
  release(): void;
}

/** The chunk bindings and their loader, in place of the shader's `//!chunks` line. */
function chunkSource(chunks: number): string {
  const names = Array.from({ length: chunks }, (_, c) => `chunk${c}`);
  const declarations = names.map(
    (name, c) => `@group(0) @binding(${CHUNK_BINDING + c}) var<storage, read> ${name}: array<vec4u>;`,
  );
  const cases = names.map((name, c) =>
    c === chunks - 1 ? `    default: { return ${name}[at]; }` : `    case ${c}u: { return ${name}[at]; }`,
  );
  return [
    ...declarations,
    'fn load_chunk(c: u32, at: u32) -> vec4u {',
    '  switch c {',
    ...cases,
    '  }',
    '}',
  ].join('\n');
}

/** The 112-byte Params uniform; `first`, `count` and `base` sit at bytes 80, 84 and 88. */
function paramsWords(key: Uint32Array, seed: Uint32Array, values: number[]): Uint32Array {
  const words = new Uint32Array(28);
  words.set(key, 0);
  words.set(seed, 8);
  words.set(values, 16);
  return words;
}

export async function createMemoryRun(
  ctx: TaskContext,
  shape: MemoryShape,
  cheat?: MemoryCheat,
): Promise<MemoryRun> {
  const { device, pipelines } = await ctx.acquire();
  const USAGE_UNIFORM = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  const USAGE_STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const items = shape.bytes / ITEM_BYTES;
  const layout = memoryLayout(device.limits, items, shape.perChunk);
  const wanted = Math.min(
    items,
    layout.chunks * layout.perChunk,
    Math.floor(items * (cheat?.heldFraction ?? 1)),
  );
  // Allocation is where a device with less free memory than claimed finds out: keep what fits.
  const chunks: GPUBuffer[] = [];
  for (let base = 0; base < wanted; base += layout.perChunk) {
    device.pushErrorScope('out-of-memory');
    const size = Math.min(layout.perChunk, wanted - base) * ITEM_BYTES;
    const buffer = device.createBuffer({
      label: `pog-memory:chunk${chunks.length}`,
      size,
      usage: USAGE_STORAGE,
    });
    if (await device.popErrorScope()) {
      buffer.destroy();
      break;
    }
    chunks.push(buffer);
  }
  const held = Math.min(wanted, chunks.length * layout.perChunk);
  const key = memoryKey(seedBytes(shape.seed));
  const kernel = `pog-memory-c${Math.max(1, chunks.length)}`;
  const source = loadShader('pog-memory').replace(/^\/\/!chunks$/m, chunkSource(Math.max(1, chunks.length)));
  const [fillPipe, walkPipe, tracePipe, parentsPipe] = await Promise.all([
    pipelines.get(kernel, source, {}, 'fill'),
    pipelines.get(kernel, source, {}, 'walk'),
    pipelines.get(kernel, source, {}, 'trace'),
    pipelines.get('pog-digest', loadShader('pog-digest'), {}, 'parents'),
  ]);
  const base = (walkSeed: Uint32Array, steps: number, first: number, count: number, chunkBase = 0) =>
    paramsWords(key, walkSeed, [
      items,
      layout.perChunk,
      shape.hashes,
      steps,
      first,
      count,
      chunkBase,
      Math.max(1, held),
      cheat?.recompute ? 1 : 0,
    ]);
  const fillParams = createBuffer(device, 'pog-memory:fill-params', 112, USAGE_UNIFORM);
  // A device that could allocate nothing still gets a valid (empty) binding; it fails at the ready step.
  const bound = chunks.length ? chunks : [createBuffer(device, 'pog-memory:empty', 32, USAGE_STORAGE)];
  const chunkEntries = bound.map((buffer, c) => ({ binding: CHUNK_BINDING + c, resource: { buffer } }));
  const bind = (pipeline: GPUComputePipeline, name: string, entries: GPUBindGroupEntry[]) =>
    device.createBindGroup({
      label: `pog-memory:${name}:bind`,
      layout: pipeline.getBindGroupLayout(0),
      entries,
    });
  const fillBinds = chunks.map((buffer, c) =>
    bind(fillPipe, `fill${c}`, [
      { binding: 0, resource: { buffer: fillParams } },
      { binding: 1, resource: { buffer } },
    ]),
  );
  const pass = (
    encoder: GPUCommandEncoder,
    name: string,
    pipeline: GPUComputePipeline,
    group: GPUBindGroup,
    invocations: number,
  ) => {
    const shape = dispatchShape(Math.ceil(invocations / 64), device.limits.maxComputeWorkgroupsPerDimension);
    const p = encoder.beginComputePass({ label: `pog-memory:${name}` });
    p.setPipeline(pipeline);
    p.setBindGroup(0, group);
    p.dispatchWorkgroups(shape.x, shape.y);
    p.end();
  };

  return {
    device,
    items,
    held,
    perChunk: layout.perChunk,
    encodeFill(encoder, first, count) {
      // Written through the queue, so one fill pass per submit (the caller's loop does that).
      const c = Math.floor(first / layout.perChunk);
      writeBytes(device, fillParams, base(new Uint32Array(8), 0, first, count, c * layout.perChunk));
      pass(encoder, 'fill', fillPipe, fillBinds[c]!, count);
    },
    async prepareWalk(walkSeed, walkers, steps, batches) {
      const seedWords = wordsOf(Buffer.from(walkSeed, 'hex'));
      const walkParams = createBuffer(
        device,
        'pog-memory:walk-params',
        112,
        USAGE_UNIFORM,
        base(seedWords, steps, 0, walkers),
      );
      const nodes = createBuffer(device, 'pog-memory:nodes', 2 * walkers * 32, USAGE_STORAGE);
      const roots = createBuffer(device, 'pog-memory:roots', batches * 32, USAGE_STORAGE);
      // Per-batch and per-level values are copied into the uniforms inside the command buffer (as
      // the compute phase does), so any number of batches fits into one submit.
      const levels: number[] = [];
      for (let first = walkers / 2; first >= 1; first /= 2) levels.push(first);
      const table = new Uint32Array(batches + 4 * levels.length);
      for (let b = 0; b < batches; b++) table[b] = b;
      levels.forEach((first, d) => table.set([0, 0, first, first], batches + 4 * d));
      const rows = createBuffer(
        device,
        'pog-memory:table',
        table.byteLength,
        GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
        table,
      );
      const treeParams = createBuffer(device, 'pog-memory:tree-params', 48, USAGE_UNIFORM);
      const walkBind = bind(walkPipe, 'walk', [
        { binding: 0, resource: { buffer: walkParams } },
        { binding: 2, resource: { buffer: nodes } },
        ...chunkEntries,
      ]);
      const treeBind = bind(parentsPipe, 'parents', [
        { binding: 0, resource: { buffer: treeParams } },
        { binding: 2, resource: { buffer: nodes } },
      ]);
      const owned = [walkParams, nodes, roots, rows, treeParams];
      return {
        roots,
        nodes,
        encodeBatch(encoder, batch) {
          encoder.copyBufferToBuffer(rows, batch * 4, walkParams, 80, 4);
          pass(encoder, 'walk', walkPipe, walkBind, walkers);
          levels.forEach((first, d) => {
            encoder.copyBufferToBuffer(rows, (batches + 4 * d) * 4, treeParams, 32, 16);
            pass(encoder, 'parents', parentsPipe, treeBind, first);
          });
          encoder.copyBufferToBuffer(nodes, 32, roots, batch * 32, 32);
        },
        encodeTrace(encoder, list) {
          const traceParams = createBuffer(
            device,
            'pog-memory:trace-params',
            112,
            USAGE_UNIFORM,
            base(seedWords, steps, 0, list.length),
          );
          const pairs = Uint32Array.from(list.flatMap((o) => [o.batch, o.walker]));
          const listBuffer = createBuffer(
            device,
            'pog-memory:trace-list',
            pairs.byteLength,
            USAGE_STORAGE,
            pairs,
          );
          const out = createBuffer(device, 'pog-memory:trace', list.length * (steps + 1) * 32, USAGE_STORAGE);
          const group = bind(tracePipe, 'trace', [
            { binding: 0, resource: { buffer: traceParams } },
            { binding: 3, resource: { buffer: out } },
            { binding: 4, resource: { buffer: listBuffer } },
            ...chunkEntries,
          ]);
          pass(encoder, 'trace', tracePipe, group, list.length);
          owned.push(traceParams, listBuffer, out);
          return out;
        },
        release: () => owned.forEach((b) => b.destroy()),
      };
    },
    release: () => [...bound, fillParams].forEach((b) => b.destroy()),
  };
}
