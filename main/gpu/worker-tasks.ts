// Every task the GPU worker can run: its params schema (checked in the worker, since the main side
// is not the only possible sender) and its handler. The main side imports only the types.
import { z } from 'zod';
import type { AdapterReport } from '../../common/gpu-adapter.js';
import type { KernelFigure } from '../../common/benchmark.js';
import { FULL_MEASURE, QUICK_MEASURE } from './measure.js';
import type { TaskContext } from './task-context.js';
import { benchFmaPeak } from './kernels/fma-peak.js';
import { runSpin } from './kernels/spin.js';

const benchParams = z.object({ quick: z.boolean().default(false) });

interface TaskDefinition<P extends z.ZodType, R> {
  params: P;
  run(ctx: TaskContext, params: z.infer<P>): Promise<R>;
}

function task<P extends z.ZodType, R>(definition: TaskDefinition<P, R>): TaskDefinition<P, R> {
  return definition;
}

export const workerTasks = {
  'adapter-info': task({
    params: z.object({}).default({}),
    run: async (ctx): Promise<AdapterReport> => (await ctx.acquire()).report,
  }),
  'bench-fma-peak': task({
    params: benchParams,
    run: (ctx, p): Promise<KernelFigure> => benchFmaPeak(ctx, p.quick ? QUICK_MEASURE : FULL_MEASURE),
  }),
  spin: task({
    params: z.object({ rounds: z.number().int().min(0).max(0xffffffff), seed: z.number().int().min(0) }),
    run: async (ctx, p) => ({ state: await runSpin(ctx, p.rounds, p.seed >>> 0) }),
  }),
};

type Tasks = typeof workerTasks;
export type WorkerTaskName = keyof Tasks;
export type WorkerTaskParams<K extends WorkerTaskName> = z.input<Tasks[K]['params']>;
export type WorkerTaskResult<K extends WorkerTaskName> = Awaited<ReturnType<Tasks[K]['run']>>;
