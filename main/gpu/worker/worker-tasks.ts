// Every task the GPU worker can run. The main side imports only the types.
import { z } from 'zod';
import type { AdapterReport } from '../../../common/gpu-adapter.js';
import type { KernelFigure } from '../../../common/benchmark.js';
import { measureFor } from './measure.js';
import { benchParams, task } from './task-definition.js';
import { benchFmaPeak } from './kernels/fma-peak.js';
import { runSpin } from './kernels/spin.js';
import { benchBandwidthCopy } from './kernels/bandwidth-copy.js';
import { matmulTasks } from './kernels/matmul-tasks.js';
import { jobTasks } from './jobs/job-task.js';
import { proofTasks } from './proof/proof-tasks.js';

export const workerTasks = {
  'adapter-info': task({
    params: z.object({}).default({}),
    run: async (ctx): Promise<AdapterReport> => (await ctx.acquire()).report,
  }),
  'bench-fma-peak': task({
    params: benchParams,
    run: (ctx, p): Promise<KernelFigure> => benchFmaPeak(ctx, measureFor(p.quick)),
  }),
  'bench-bandwidth-copy': task({
    params: benchParams,
    run: (ctx, p): Promise<KernelFigure> => benchBandwidthCopy(ctx, measureFor(p.quick)),
  }),
  spin: task({
    params: z.object({ rounds: z.number().int().min(0).max(0xffffffff), seed: z.number().int().min(0) }),
    run: async (ctx, p) => ({ state: await runSpin(ctx, p.rounds, p.seed >>> 0) }),
  }),
  ...matmulTasks,
  ...jobTasks,
  ...proofTasks,
};

type Tasks = typeof workerTasks;
export type WorkerTaskName = keyof Tasks;
export type WorkerTaskParams<K extends WorkerTaskName> = z.input<Tasks[K]['params']>;
export type WorkerTaskResult<K extends WorkerTaskName> = Awaited<ReturnType<Tasks[K]['run']>>;
