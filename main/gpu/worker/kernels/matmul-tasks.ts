// Worker tasks for the matmul kernels: the naive baseline and the autotuned f32 and f16 figures.
// `variant` is the winner an earlier run cached for this adapter + driver: it skips tuning.
import { z } from 'zod';
import type { KernelFigure } from '../../../../common/benchmark.js';
import { measureFor } from '../measure.js';
import { benchParams, task } from '../task-definition.js';
import { benchMatmul, type MatmulBenchOptions } from './matmul-tune.js';

/** Square size n (m = k = n); any n, tiles need not divide it. 8192 f32 is 256 MiB per matrix. */
const size = z.number().int().min(1).max(8192).optional();
const variant = z.string().min(1).max(64).optional();

const naiveParams = benchParams.extend({ n: size });
const tunedParams = benchParams.extend({ n: size, variant });

function options(p: {
  quick: boolean;
  n?: number | undefined;
  variant?: string | undefined;
}): MatmulBenchOptions {
  return {
    quick: p.quick,
    measure: measureFor(p.quick),
    ...(p.n !== undefined ? { n: p.n } : {}),
    ...(p.variant !== undefined ? { variant: p.variant } : {}),
  };
}

export const matmulTasks = {
  'bench-matmul-naive': task({
    params: naiveParams,
    run: (ctx, p): Promise<KernelFigure> => benchMatmul(ctx, 'naive', options(p)),
  }),
  'bench-matmul-f32': task({
    params: tunedParams,
    run: (ctx, p): Promise<KernelFigure> => benchMatmul(ctx, 'f32', options(p)),
  }),
  'bench-matmul-f16': task({
    params: tunedParams,
    run: (ctx, p): Promise<KernelFigure> => benchMatmul(ctx, 'f16', options(p)),
  }),
};
