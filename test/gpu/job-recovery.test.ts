// Device loss mid-job: the runtime gets a fresh device and finishes with the right answer, resuming
// from its last checkpoint when the job allows checkpoints (or from the start when it does not).
import { describe, expect, it } from 'vitest';
import { jobSpecSchema } from '../../common/job-spec.js';
import { runJob } from '../../main/gpu/worker/jobs/job-runner.js';
import type { TaskContext } from '../../main/gpu/worker/task-context.js';
import { axpyJob, axpyReference } from '../fixtures/job-builders.js';
import { inProcessGpu } from './in-process-gpu.js';

/** A context whose device is destroyed right after submit number `loseAfter` (a driver reset). */
function losingContext(loseAfter: number): { ctx: TaskContext; submits: () => number } {
  const base = inProcessGpu();
  let submits = 0;
  let lost = false;
  return {
    submits: () => submits,
    ctx: {
      ...base,
      async submit(device, commands) {
        const ms = await base.submit(device, commands);
        if (++submits === loseAfter && !lost) {
          lost = true;
          device.destroy();
        }
        return ms;
      },
    },
  };
}

describe('device loss during a job', () => {
  for (const checkpoint of [true, false]) {
    it(`recovers on a fresh device with the exact result (checkpoint: ${checkpoint})`, async () => {
      const { spec, a, b } = axpyJob(8192, 16, { checkpoint, id: `loss-${checkpoint}` });
      const { ctx, submits } = losingContext(10);
      const result = await runJob(ctx, jobSpecSchema.parse(spec), new Map(), { checkpointIntervalMs: 0 });
      const out = result.outputs[0]!.bytes;
      expect(Array.from(new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4))).toEqual(
        Array.from(axpyReference(a, b, 2)),
      );
      expect(result.timings.deviceLosses).toBe(1);
      // Without checkpoints all 16 chunks run again after the 10 lost ones; with them, only those
      // after the last snapshot. (The last chunk is submitted with the read-back, not counted here.)
      if (checkpoint) expect(submits()).toBeLessThan(10 + 15);
      else expect(submits()).toBe(10 + 15);
    });
  }
});
