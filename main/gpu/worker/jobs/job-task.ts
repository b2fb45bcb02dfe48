// The worker task that runs a stranger's job. The spec is parsed again here, whatever the main side
// checked: the worker trusts nothing it is sent.
import { z } from 'zod';
import { jobSpecSchema, type JobRunResult } from '../../../../common/job-spec.js';
import { describeZodError } from '../../../../common/zod-errors.js';
import { task } from '../task-definition.js';
import { TaskFailure } from '../task-failure.js';
import { runJob } from './job-runner.js';

export const jobTasks = {
  'run-job': task({
    params: z.object({
      spec: z.unknown(),
      /** Content-addressed inputs by sha256, resolved and hash-checked by the main side. */
      inputs: z
        .record(
          z.string(),
          z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes'),
        )
        .default({}),
      checkpointIntervalMs: z.number().int().positive().optional(),
    }),
    async run(ctx, params): Promise<JobRunResult> {
      const startedAt = performance.now();
      const spec = jobSpecSchema.safeParse(params.spec);
      if (!spec.success)
        throw new TaskFailure('job-rejected', `job rejected: ${describeZodError(spec.error)}`);
      return runJob(ctx, spec.data, new Map(Object.entries(params.inputs)), {
        checkpointIntervalMs: params.checkpointIntervalMs,
        startedAt,
      });
    },
  }),
};
