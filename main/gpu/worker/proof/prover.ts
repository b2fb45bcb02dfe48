// The proof-of-GPU prover on the GPU: the timed commitment (every block's Merkle root) and the
// openings the verifier asks for afterwards. Blocks are recomputed for the openings rather than
// kept: C for every block would need S x 4 MB (S is in the thousands on a fast GPU), and the
// opening phase is not timed.
import { POG_SEGMENT, type PogOpenedSegment, type PogOpening } from '../../../../common/proof-of-gpu.js';
import { merkleRoot } from '../../../../common/node/proof/proof-of-gpu-math.js';
import { mapped } from '../dispatch.js';
import type { TaskContext } from '../task-context.js';
import { createProofRun, type Tamper } from './proof-run.js';
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
}

/** Submits aim at this long: short enough for the governor to pause, long enough to amortise. */
const TARGET_SUBMIT_MS = 100;
const MAX_BLOCKS_PER_SUBMIT = 256;

export async function proveCommit(ctx: TaskContext, p: ProveParams, tamper?: Tamper): Promise<ProveResult> {
  const run = await createProofRun(ctx, p.seed, p.n, p.S);
  const { device } = run;
  try {
    const start = performance.now();
    let encoder = device.createCommandEncoder({ label: 'pog:commit' });
    run.encodeB(encoder);
    let perSubmit = 1;
    let lastMs = 0;
    for (let s = 0; s < p.S;) {
      await ctx.gate.beforeChunk(lastMs);
      const count = Math.min(perSubmit, p.S - s);
      for (let i = 0; i < count; i++) run.encodeBlock(encoder, s + i, tamper);
      lastMs = await ctx.submit(device, [encoder.finish()]);
      s += count;
      ctx.progress(s / p.S, `proof of GPU: block ${s} of ${p.S}`);
      // Grow the chunk while submits are short: on a fast GPU one block is well under a millisecond
      // and a wait per block would cost more than the work.
      if (lastMs < TARGET_SUBMIT_MS / 2) perSubmit = Math.min(MAX_BLOCKS_PER_SUBMIT, perSubmit * 2);
      encoder = device.createCommandEncoder({ label: 'pog:commit' });
    }
    const staging = device.createBuffer({
      label: 'pog:roots:readback',
      size: p.S * 32,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    });
    encoder.copyBufferToBuffer(run.roots, 0, staging, 0, p.S * 32);
    await ctx.submit(device, [encoder.finish()]);
    const bytes = await mapped(staging);
    const proverMs = performance.now() - start;
    const roots = Array.from({ length: p.S }, (_, s) =>
      Buffer.from(wordsToBytes(bytes.subarray(s * 32, s * 32 + 32))),
    );
    return {
      topRoot: merkleRoot(roots).toString('hex'),
      blockRoots: roots.map((r) => r.toString('hex')),
      proverMs,
    };
  } finally {
    run.release();
  }
}

/** Recomputes each opened block (one submit each) and reads back its segments and its tree. */
export async function proveOpen(
  ctx: TaskContext,
  p: ProveParams,
  openings: readonly PogOpening[],
  tamper?: Tamper,
): Promise<PogOpenedSegment[]> {
  const segs = p.n / POG_SEGMENT;
  for (const o of openings) {
    if (o.block >= p.S || o.row >= p.n || o.col >= segs)
      throw new Error(`opening outside the challenge: ${JSON.stringify(o)}`);
  }
  const byBlock = new Map<number, PogOpening[]>();
  for (const o of openings) byBlock.set(o.block, [...(byBlock.get(o.block) ?? []), o]);
  const run = await createProofRun(ctx, p.seed, p.n, p.S);
  const { device, leaves } = run;
  const answers = new Map<PogOpening, PogOpenedSegment>();
  try {
    let lastMs = 0;
    let done = 0;
    let encoder = device.createCommandEncoder({ label: 'pog:open' });
    run.encodeB(encoder);
    for (const [block, list] of byBlock) {
      await ctx.gate.beforeChunk(lastMs);
      run.encodeBlock(encoder, block, tamper);
      // Only what is sent travels back: each segment (256 bytes) and its siblings (32 bytes each),
      // not the 4 MB of C and 1 MB of tree per opened block.
      const siblings = list.map((o) => {
        const path: number[] = [];
        for (let node = leaves + o.row * segs + o.col; node > 1; node >>= 1) path.push(node ^ 1);
        return path;
      });
      const depth = siblings[0]!.length;
      const stride = 256 + 32 * depth;
      const stage = device.createBuffer({
        label: 'pog:openings:readback',
        size: list.length * stride,
        usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
      });
      list.forEach((o, i) => {
        const from = (o.row * p.n + o.col * POG_SEGMENT) * 4;
        encoder.copyBufferToBuffer(run.c, from, stage, i * stride, 256);
        siblings[i]!.forEach((node, d) =>
          encoder.copyBufferToBuffer(run.nodes, node * 32, stage, i * stride + 256 + 32 * d, 32),
        );
      });
      lastMs = await ctx.submit(device, [encoder.finish()]);
      encoder = device.createCommandEncoder({ label: 'pog:open' });
      const bytes = await mapped(stage);
      list.forEach((o, i) => {
        const at = i * stride;
        const values = Array.from(new Float32Array(bytes.buffer, at, POG_SEGMENT));
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
