// Runs one leased job in the GPU worker and turns it into the signed submission the network expects.
// The submission goes to the outbox in the same transaction that releases the lease (NodeStore), so a
// crash after this point can only resend it, never lose it or compute it twice.
import type { LeaseResponse, SubmitResultRequest } from '../../common/network-api.js';
import type { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import type { DeviceIdentity } from '../identity/device-identity.js';
import { executeJob, executeParsedJob } from '../gpu/host/job-executor.js';

export type LeasedJob = LeaseResponse['jobs'][number];

export interface JobRoundResult {
  submission: SubmitResultRequest;
  kernelMs: number;
}

export async function runLeasedJob(
  worker: GpuWorkerClient,
  identity: DeviceIdentity,
  job: LeasedJob,
  onProgress?: (fraction: number) => void,
  /**
   * The spec was parsed with the lease response (leaseResponseSchema): not parsed a second time.
   * False for a lease kept from before a restart, read back from the store as plain JSON.
   */
  specParsed = true,
): Promise<JobRoundResult> {
  const execute = specParsed ? executeParsedJob : executeJob;
  const executed = await execute(
    {
      client: worker,
      identity,
      // Network jobs carry their inputs inline; content-addressed inputs need a fetch this network lacks.
      loadInput: () => Promise.resolve(undefined),
      onProgress: onProgress ? (fraction) => onProgress(fraction) : undefined,
    },
    job.spec,
  );
  // Freivalds checks the output bytes themselves; canaries and redundancy compare hashes.
  const outputs =
    job.verification === 'freivalds'
      ? executed.result.outputs.map((o) => ({
          binding: o.binding,
          base64: Buffer.from(o.bytes).toString('base64'),
        }))
      : [];
  return {
    submission: { leaseId: job.leaseId, receipt: executed.receipt, outputs },
    kernelMs: executed.result.timings.kernelMs,
  };
}
