// The shape of a GPU worker task: a params schema (checked in the worker, since the main side is not
// the only possible sender) and a handler. Kernel modules export tasks; worker-tasks.ts lists them.
import { z } from 'zod';
import type { TaskContext } from './task-context.js';

export interface TaskDefinition<P extends z.ZodType, R> {
  params: P;
  run(ctx: TaskContext, params: z.infer<P>): Promise<R>;
}

export function task<P extends z.ZodType, R>(definition: TaskDefinition<P, R>): TaskDefinition<P, R> {
  return definition;
}

/** Params every benchmark task takes: --quick trades precision for a run under a minute on a CPU. */
export const benchParams = z.object({ quick: z.boolean().default(false) });
