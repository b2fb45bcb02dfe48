// The proof-of-GPU worker tasks. The compute phase is stateless between calls (apart from the
// pipeline cache): the opening call recomputes the blocks it opens from the seed, so a restarted
// worker can still answer. The memory phase holds its buffer between its calls (memory-prover.ts).
import { z } from 'zod';
import {
  POG_SEGMENT,
  pogMemoryOpeningSchema,
  pogMemorySpecSchema,
  pogOpeningSchema,
} from '../../../../common/proof-of-gpu.js';
import { task } from '../task-definition.js';
import { proveMemoryFill, proveMemoryOpen, proveMemoryWalk, releaseMemory } from './memory-prover.js';
import { proveCommit, proveOpen } from './prover.js';

const seed = z.string().regex(/^[0-9a-f]{64}$/);
const challengeParams = z.object({
  seed,
  n: z.number().int().min(POG_SEGMENT).max(4096).multipleOf(POG_SEGMENT),
  S: z
    .number()
    .int()
    .min(1)
    .max(1 << 20),
});
const memoryParams = pogMemorySpecSchema.pick({ bytes: true, hashes: true }).extend({ seed });
const walkParams = memoryParams
  .extend(pogMemorySpecSchema.pick({ walkers: true, batches: true, steps: true }).shape)
  .extend({ walkSeed: seed });

export const proofTasks = {
  'prove-commit': task({
    params: challengeParams,
    run: (ctx, p) => proveCommit(ctx, p),
  }),
  'prove-open': task({
    params: challengeParams.extend({ openings: z.array(pogOpeningSchema).min(1).max(100_000) }),
    run: async (ctx, p) => ({ segments: await proveOpen(ctx, p, p.openings) }),
  }),
  'prove-memory-fill': task({
    params: memoryParams,
    run: (ctx, p) => proveMemoryFill(ctx, p),
  }),
  'prove-memory-walk': task({
    params: walkParams,
    run: (ctx, p) => proveMemoryWalk(ctx, p),
  }),
  'prove-memory-open': task({
    params: walkParams.extend({ openings: z.array(pogMemoryOpeningSchema).min(1).max(10_000) }),
    run: async (ctx, p) => ({ traces: await proveMemoryOpen(ctx, p, p.openings) }),
  }),
  'prove-memory-release': task({
    params: z.object({}).default({}),
    run: async (ctx) => {
      await releaseMemory(ctx);
      return {};
    },
  }),
};
