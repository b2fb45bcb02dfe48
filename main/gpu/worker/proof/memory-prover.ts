// The proof-of-GPU memory phase on the GPU: fill the buffer and keep it (the worker holds it between
// tasks, one buffer per device), walk it when the verifier's walk seed comes (timed by the
// verifier), then trace the walkers it asks for. Unlike the compute phase this cannot be stateless:
// the point is to hold the buffer, and a restarted worker has lost it (the challenge then fails).
import { merkleRoot } from '../../../../common/node/proof/proof-of-gpu-math.js';
import { ITEM_BYTES, memoryLayout, stateHex } from '../../../../common/node/proof/proof-of-gpu-memory.js';
import type { PogMemoryOpening, PogMemoryTrace } from '../../../../common/proof-of-gpu.js';
import { mapped } from '../dispatch.js';
import type { TaskContext } from '../task-context.js';
import { createMemoryRun, type MemoryCheat, type MemoryRun, type MemoryShape } from './memory-run.js';
import { readBack, wordsToBytes } from './readback.js';

export interface MemoryWalkParams extends MemoryShape {
  walkSeed: string;
  walkers: number;
  batches: number;
  steps: number;
}

/** Submits aim at this long: short enough for the governor to pause, long enough to amortise. */
const TARGET_SUBMIT_MS = 100;
const FIRST_FILL_ITEMS = 4096;
const MAX_BATCHES_PER_SUBMIT = 256;

/** The buffer each device holds, with the challenge it belongs to. */
const held = new WeakMap<GPUDevice, { id: string; run: MemoryRun }>();
const idOf = (s: MemoryShape) => `${s.seed}/${s.bytes}/${s.hashes}/${s.perChunk ?? 0}`;

async function heldRun(ctx: TaskContext, shape: MemoryShape): Promise<MemoryRun> {
  const { device } = await ctx.acquire();
  const entry = held.get(device);
  if (!entry || entry.id !== idOf(shape)) {
    throw new Error(
      'no buffer is held for this challenge (the GPU worker restarted or another fill replaced it)',
    );
  }
  return entry.run;
}

/** Frees the held buffer, if any. */
export async function releaseMemory(ctx: TaskContext): Promise<void> {
  const { device } = await ctx.acquire();
  held.get(device)?.run.release();
  held.delete(device);
}

/**
 * Allocates and fills the buffer, and keeps it. `heldBytes` is what this device could allocate; a
 * test's cheat reports the full size while holding less, as a lying device would.
 */
export async function proveMemoryFill(
  ctx: TaskContext,
  shape: MemoryShape,
  cheat?: MemoryCheat,
): Promise<{ heldBytes: number; fillMs: number }> {
  await releaseMemory(ctx);
  const start = performance.now();
  const { device } = await ctx.acquire();
  const layout = memoryLayout(device.limits, shape.bytes / ITEM_BYTES, shape.perChunk);
  // A buffer beyond what one walk can bind, or beyond free memory: say how much fits, fill nothing.
  const capacity = layout.chunks * layout.perChunk;
  if (!cheat && capacity * ITEM_BYTES < shape.bytes) return { heldBytes: capacity * ITEM_BYTES, fillMs: 0 };
  const run = await createMemoryRun(ctx, shape, cheat);
  if (!cheat && run.held * ITEM_BYTES < shape.bytes) {
    run.release();
    return { heldBytes: run.held * ITEM_BYTES, fillMs: performance.now() - start };
  }
  try {
    let count = FIRST_FILL_ITEMS;
    let lastMs = 0;
    for (let first = 0; first < run.held;) {
      await ctx.gate.beforeChunk(lastMs);
      // A pass stays inside one chunk buffer.
      const chunkEnd = (Math.floor(first / run.perChunk) + 1) * run.perChunk;
      const n = Math.min(count, run.held - first, chunkEnd - first);
      const encoder = run.device.createCommandEncoder({ label: 'pog-memory:fill' });
      run.encodeFill(encoder, first, n);
      lastMs = await ctx.submit(run.device, [encoder.finish()]);
      first += n;
      ctx.progress(first / run.held, `proof of GPU: memory ${Math.round((100 * first) / run.held)} % filled`);
      if (lastMs < TARGET_SUBMIT_MS / 2) count *= 2;
    }
  } catch (error) {
    run.release();
    throw error;
  }
  held.set(run.device, { id: idOf(shape), run });
  return { heldBytes: cheat ? shape.bytes : run.held * ITEM_BYTES, fillMs: performance.now() - start };
}

/** The timed walk: every batch's root (batches grouped into submits of ~100 ms). */
export async function proveMemoryWalk(
  ctx: TaskContext,
  p: MemoryWalkParams,
): Promise<{ topRoot: string; batchRoots: string[]; proverMs: number }> {
  const run = await heldRun(ctx, p);
  const start = performance.now();
  const walk = await run.prepareWalk(p.walkSeed, p.walkers, p.steps, p.batches);
  const { device } = run;
  try {
    let perSubmit = 1;
    let lastMs = 0;
    for (let b = 0; b < p.batches;) {
      await ctx.gate.beforeChunk(lastMs);
      const encoder = device.createCommandEncoder({ label: 'pog-memory:walk' });
      const count = Math.min(perSubmit, p.batches - b);
      for (let i = 0; i < count; i++) walk.encodeBatch(encoder, b + i);
      lastMs = await ctx.submit(device, [encoder.finish()]);
      b += count;
      ctx.progress(b / p.batches, `proof of GPU: memory walk ${b} of ${p.batches}`);
      if (lastMs < TARGET_SUBMIT_MS / 2) perSubmit = Math.min(MAX_BATCHES_PER_SUBMIT, perSubmit * 2);
    }
    const bytes = await readBack(ctx, device, walk.roots, p.batches * 32);
    const roots = Array.from({ length: p.batches }, (_, b) =>
      Buffer.from(wordsToBytes(bytes.subarray(b * 32, b * 32 + 32))),
    );
    return {
      topRoot: merkleRoot(roots).toString('hex'),
      batchRoots: roots.map((r) => r.toString('hex')),
      proverMs: performance.now() - start,
    };
  } finally {
    walk.release();
  }
}

/** Each opened walker's states (traced again from the held buffer) and its path to the batch root. */
export async function proveMemoryOpen(
  ctx: TaskContext,
  p: MemoryWalkParams,
  openings: readonly PogMemoryOpening[],
): Promise<PogMemoryTrace[]> {
  for (const o of openings) {
    if (o.batch >= p.batches || o.walker >= p.walkers)
      throw new Error(`opening outside the walk: ${JSON.stringify(o)}`);
  }
  const run = await heldRun(ctx, p);
  const { device } = run;
  const walk = await run.prepareWalk(p.walkSeed, p.walkers, p.steps, p.batches);
  try {
    const encoder = device.createCommandEncoder({ label: 'pog-memory:trace' });
    const out = walk.encodeTrace(encoder, openings);
    await ctx.submit(device, [encoder.finish()]);
    const traceBytes = await readBack(ctx, device, out, openings.length * (p.steps + 1) * 32);
    const words = new Uint32Array(traceBytes.buffer, traceBytes.byteOffset, traceBytes.byteLength / 4);
    const paths = new Map<PogMemoryOpening, string[]>();
    const byBatch = new Map<number, PogMemoryOpening[]>();
    for (const o of openings) byBatch.set(o.batch, [...(byBatch.get(o.batch) ?? []), o]);
    let done = 0;
    for (const [batch, list] of byBatch) {
      await ctx.gate.beforeChunk(0);
      // The batch is walked again to rebuild its tree: only the siblings travel back.
      const batchEncoder = device.createCommandEncoder({ label: 'pog-memory:open' });
      walk.encodeBatch(batchEncoder, batch);
      const siblings = list.map((o) => {
        const path: number[] = [];
        for (let node = p.walkers + o.walker; node > 1; node >>= 1) path.push(node ^ 1);
        return path;
      });
      const depth = Math.log2(p.walkers);
      const stage = device.createBuffer({
        label: 'pog-memory:path-readback',
        size: Math.max(16, list.length * depth * 32),
        usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
      });
      siblings.forEach((path, i) =>
        path.forEach((node, d) =>
          batchEncoder.copyBufferToBuffer(walk.nodes, node * 32, stage, (i * depth + d) * 32, 32),
        ),
      );
      await ctx.submit(device, [batchEncoder.finish()]);
      const bytes = await mapped(stage);
      list.forEach((o, i) =>
        paths.set(
          o,
          siblings[i]!.map((_, d) => {
            const at = (i * depth + d) * 32;
            return Buffer.from(wordsToBytes(bytes.subarray(at, at + 32))).toString('hex');
          }),
        ),
      );
      done += list.length;
      ctx.progress(done / openings.length, `proof of GPU: memory opened ${done} of ${openings.length}`);
    }
    return openings.map((o, i) => ({
      ...o,
      states: Array.from({ length: p.steps + 1 }, (_, t) => {
        const at = (i * (p.steps + 1) + t) * 8;
        return stateHex(words.subarray(at, at + 8));
      }),
      path: paths.get(o)!,
    }));
  } finally {
    walk.release();
  }
}
