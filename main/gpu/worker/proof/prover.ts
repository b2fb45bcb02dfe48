// The proof-of-GPU prover on the GPU: the timed commitment (every block's Merkle root) and the
// openings the verifier asks for afterwards. Blocks are recomputed for the openings rather than
// kept: C for every block would need S x 4 MB (S is in the thousands on a fast GPU), and the
// opening phase is not timed.
import { POG_SEGMENT, type PogOpenedSegment, type PogOpening } from '../../../../common/proof-of-gpu.js';
import { merkleRoot } from '../../../../common/node/proof/proof-of-gpu-math.js';
import { mapped } from '../dispatch.js';
import type { TaskContext } from '../task-context.js';
import { createProofRun, type ProofRunOptions, type Tamper } from './proof-run.js';
import { wordsToBytes } from './readback.js';

export interface ProveParams {
  seed: string;
  n: number;
  S: number;
}

export interface ProveResult {
  topRoot: string;
  blockRoots: string[];
  /** Worker-side time from the first submit to the roots on the host. */
  proverMs: number;
  /** The largest batch (blocks per pass) the run reached. */
  batch: number;
}

/** Submits aim at this long: short enough for the governor to pause, long enough to amortise. */
const TARGET_SUBMIT_MS = 100;
const MAX_BLOCKS_PER_SUBMIT = 256;

export interface ProveOptions extends ProofRunOptions {
  tamper?: Tamper;
}

export async function proveCommit(
  ctx: TaskContext,
  p: ProveParams,
  options: ProveOptions = {},
): Promise<ProveResult> {
  const order = Array.from({ length: p.S }, (_, s) => s);
  const run = await createProofRun(ctx, p.seed, p.n, order, options);
  const { device } = run;
  try {
    const start = performance.now();
    run.encodeB();
    let perSubmit = 1;
    let lastMs = 0;
    let largest = 0;
    for (let s = 0; s < p.S;) {
      await ctx.gate.beforeChunk(lastMs);
      const end = Math.min(p.S, s + perSubmit);
      for (let first = s; first < end; first += run.maxBatch) {
        const count = Math.min(run.maxBatch, end - first);
        run.encodeBatch(first, count, options.tamper);
        largest = Math.max(largest, count);
      }
      lastMs = await run.submit(ctx);
      s = end;
      ctx.progress(s / p.S, `proof of GPU: block ${s} of ${p.S}`);
      // Grow the chunk while submits are short: on a fast GPU one block is well under a millisecond
      // and a wait per block would cost more than the work. Batches grow with it (up to maxBatch),
      // so a slow GPU (a CPU adapter: ~1 s a block) stays at one block per pass and per submit.
      if (lastMs < TARGET_SUBMIT_MS / 2) perSubmit = Math.min(MAX_BLOCKS_PER_SUBMIT, perSubmit * 2);
    }
    const staging = device.createBuffer({
      label: 'pog:roots:readback',
      size: p.S * 32,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    });
    run.encoder().copyBufferToBuffer(run.roots, 0, staging, 0, p.S * 32);
    await run.submit(ctx);
    const bytes = await mapped(staging);
    const proverMs = performance.now() - start;
    const roots = Array.from({ length: p.S }, (_, s) =>
      Buffer.from(wordsToBytes(bytes.subarray(s * 32, s * 32 + 32))),
    );
    return {
      topRoot: merkleRoot(roots).toString('hex'),
      blockRoots: roots.map((r) => r.toString('hex')),
      proverMs,
      batch: largest,
    };
  } finally {
    run.release();
  }
}

/**
 * Recomputes the opened blocks, a batch per submit, and reads back the opened segments and their
 * paths: only what is sent travels back (256 bytes per segment and 32 per sibling), not the 4 MB
 * of C and 1 MB of tree per opened block.
 */
export async function proveOpen(
  ctx: TaskContext,
  p: ProveParams,
  openings: readonly PogOpening[],
  options: ProveOptions = {},
): Promise<PogOpenedSegment[]> {
  const segs = p.n / POG_SEGMENT;
  for (const o of openings) {
    if (o.block >= p.S || o.row >= p.n || o.col >= segs)
      throw new Error(`opening outside the challenge: ${JSON.stringify(o)}`);
  }
  const byBlock = new Map<number, PogOpening[]>();
  for (const o of openings) byBlock.set(o.block, [...(byBlock.get(o.block) ?? []), o]);
  const order = [...byBlock.keys()];
  const run = await createProofRun(ctx, p.seed, p.n, order, options);
  const { device, leaves } = run;
  const depth = Math.log2(leaves);
  const stride = 256 + 32 * depth;
  const answers = new Map<PogOpening, PogOpenedSegment>();
  try {
    let lastMs = 0;
    let done = 0;
    run.encodeB();
    for (let first = 0; first < order.length; first += run.maxBatch) {
      await ctx.gate.beforeChunk(lastMs);
      const count = Math.min(run.maxBatch, order.length - first);
      run.encodeBatch(first, count, options.tamper);
      const list = order
        .slice(first, first + count)
        .flatMap((block, slot) => byBlock.get(block)!.map((o) => ({ o, slot })));
      const stage = device.createBuffer({
        label: 'pog:openings:readback',
        size: list.length * stride,
        usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
      });
      const encoder = run.encoder();
      const siblings = list.map(({ o, slot }, i) => {
        encoder.copyBufferToBuffer(
          run.c,
          run.cOffset(slot) + (o.row * p.n + o.col * POG_SEGMENT) * 4,
          stage,
          i * stride,
          256,
        );
        const path: number[] = [];
        for (let node = leaves + o.row * segs + o.col; node > 1; node >>= 1) path.push(node ^ 1);
        path.forEach((node, d) =>
          encoder.copyBufferToBuffer(
            run.nodes,
            run.nodeOffset(slot, node),
            stage,
            i * stride + 256 + 32 * d,
            32,
          ),
        );
        return path;
      });
      lastMs = await run.submit(ctx);
      const bytes = await mapped(stage);
      list.forEach(({ o }, i) => {
        const at = i * stride;
        const values = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset + at, POG_SEGMENT));
        const path = siblings[i]!.map((_, d) => {
          const digest = bytes.subarray(at + 256 + 32 * d, at + 288 + 32 * d);
          return Buffer.from(wordsToBytes(digest)).toString('hex');
        });
        answers.set(o, { ...o, values, path });
      });
      done += list.length;
      ctx.progress(done / openings.length, `proof of GPU: opened ${done} of ${openings.length}`);
    }
    return openings.map((o) => answers.get(o)!);
  } finally {
    run.release();
  }
}
