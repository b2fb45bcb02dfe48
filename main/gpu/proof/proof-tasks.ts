// The proof-of-GPU worker tasks. Stateless between calls (apart from the pipeline cache): the
// opening call recomputes the blocks it opens from the seed, so a restarted worker can still answer.
import { z } from 'zod';
import { POG_SEGMENT, pogOpeningSchema } from '../../../common/proof-of-gpu.js';
import { task } from '../task-definition.js';
import { proveCommit, proveOpen } from './prover.js';

const challengeParams = z.object({
  seed: z.string().regex(/^[0-9a-f]{64}$/),
  n: z.number().int().min(POG_SEGMENT).max(4096).multipleOf(POG_SEGMENT),
  S: z
    .number()
    .int()
    .min(1)
    .max(1 << 20),
});

export const proofTasks = {
  'prove-commit': task({
    params: challengeParams,
    run: (ctx, p) => proveCommit(ctx, p),
  }),
  'prove-open': task({
    params: challengeParams.extend({ openings: z.array(pogOpeningSchema).min(1).max(100_000) }),
    run: async (ctx, p) => ({ segments: await proveOpen(ctx, p, p.openings) }),
  }),
};
