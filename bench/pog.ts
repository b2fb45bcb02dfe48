// Proof-of-GPU prover throughput: blocks per second with one block per pass (G = 1, the old shape)
// against the batch the adapter's rule chooses (and a forced larger one), in one run so the ratios
// compare like with like on a noisy machine. Every run must give the same block roots.
// Args: --n N --S S (one configuration; default: n = 128, 256 and 1024 with S to fit a CPU adapter)
// --batch G (the forced larger batch, default 8), --reps R (rounds of each, best kept; default 3).
import { create, globals } from 'webgpu';
import { ChunkGate } from '../main/gpu/worker/chunk-gate.js';
import { GpuSession } from '../main/gpu/worker/gpu-session.js';
import { gpuWorkerEnv } from '../main/gpu/host/worker-process.js';
import { createTaskContext } from '../main/gpu/worker/task-context.js';
import { proveCommit, type ProveOptions } from '../main/gpu/worker/proof/prover.js';

export const description = 'proof of GPU prover: blocks/s with one block per pass vs batched (ratio)';

const SEED = '5e'.repeat(32);

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const arg = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? Number(args[at + 1]) : undefined;
  };
  Object.assign(globalThis, globals);
  process.env.XDG_RUNTIME_DIR ??= gpuWorkerEnv().XDG_RUNTIME_DIR;
  const session = new GpuSession(create([]));
  const quiet = () => undefined;
  const ctx = createTaskContext(
    session,
    quiet,
    new ChunkGate({ paused: quiet, resumed: quiet, heartbeat: quiet }),
  );
  const { report } = await session.acquire();
  const forced = arg('batch') ?? 8;
  const reps = arg('reps') ?? 3;
  const n = arg('n');
  const configs: [number, number][] = n
    ? [[n, arg('S') ?? 64]]
    : [
        [128, 64],
        [256, 16],
        [1024, 2],
      ];
  const results: Record<string, unknown> = {};
  for (const [size, S] of configs) {
    const p = { seed: SEED, n: size, S };
    const time = async (options: ProveOptions) => {
      const r = await proveCommit(ctx, p, options);
      return { r, msPerBlock: r.proverMs / S };
    };
    // Warm the pipelines and the buffers' first allocation once.
    await proveCommit(ctx, { ...p, S: 1 });
    // Rounds in turn, rotating which goes first, best of `reps` each: this machine's load drifts
    // within a run (a later run was up to 2x slower whatever its batch).
    const shapes: ProveOptions[] = [{ maxBatch: 1 }, {}, { maxBatch: forced }];
    const best: (Awaited<ReturnType<typeof time>> | undefined)[] = [];
    for (let rep = 0; rep < reps; rep++) {
      for (let k = 0; k < shapes.length; k++) {
        const i = (k + rep) % shapes.length;
        const x = await time(shapes[i]!);
        if (best[0] && x.r.topRoot !== best[0].r.topRoot)
          throw new Error(`n = ${size}: batches gave different roots`);
        if (!best[i] || x.msPerBlock < best[i]!.msPerBlock) best[i] = x;
      }
    }
    const [one, chosen, big] = best as [
      Awaited<ReturnType<typeof time>>,
      Awaited<ReturnType<typeof time>>,
      Awaited<ReturnType<typeof time>>,
    ];
    const row = (x: typeof one) => ({
      batch: x.r.batch,
      msPerBlock: Number(x.msPerBlock.toFixed(3)),
      blocksPerSecond: Number((1000 / x.msPerBlock).toFixed(1)),
      gflops: Number(((2 * size ** 3) / x.msPerBlock / 1e6).toFixed(2)),
    });
    results[`n${size}`] = {
      S,
      onePerPass: row(one),
      chosen: row(chosen),
      forced: row(big),
      speedup: {
        chosen: Number((one.msPerBlock / chosen.msPerBlock).toFixed(2)),
        forced: Number((one.msPerBlock / big.msPerBlock).toFixed(2)),
      },
    };
  }
  return { adapter: report.description || report.device, software: report.isSoftware, ...results };
}
