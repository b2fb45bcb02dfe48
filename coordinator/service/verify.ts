// Checks a submitted result against what the coordinator knows about its job, before any credit:
// the receipt must be the device's own signed statement about exactly this job, and the output must
// pass the job's verification mode. Redundancy is settled later, against the twin (results.ts).
import { canonicalJson } from '../../common/canonical-json.js';
import type { SubmitResultRequest } from '../../common/network-api.js';
import { verifyDeviceSignature } from '../../common/node/ed25519.js';
import { sha256Hex } from '../../common/node/hash.js';
import { freivaldsCheck, type MatmulShape } from '../workload/matmul-job.js';
import type { JobRow } from './jobs.js';

/** A result that is not a valid statement at all: refused with 400, nothing stored. */
export class ReceiptError extends Error {
  override readonly name = 'ReceiptError';
}

export type Verdict =
  | { verified: true; reason: string }
  | { verified: false; reason: string }
  | { verified: null; reason: string };

export interface FreivaldsCheck extends MatmulShape {
  seed: number;
  outputBinding: number;
}
export interface CanaryCheck {
  expectedSha256: string;
}

/** The one output hash a result is judged by (all our jobs have one output binding). */
export function checkReceipt(deviceId: string, job: JobRow, submission: SubmitResultRequest): string {
  const { body, signature } = submission.receipt;
  if (body.deviceId !== deviceId)
    throw new ReceiptError(`receipt.body.deviceId is ${body.deviceId}, not the sending device`);
  if (body.jobId !== job.id)
    throw new ReceiptError(`receipt.body.jobId is ${body.jobId}, but the lease is for ${job.id}`);
  if (body.specSha256 !== job.spec_sha256)
    throw new ReceiptError('receipt.body.specSha256 does not match the leased job spec');
  if (!verifyDeviceSignature(deviceId, canonicalJson(body), Buffer.from(signature, 'base64')))
    throw new ReceiptError('receipt.signature does not verify for the sending device');
  if (body.outputs.length !== 1)
    throw new ReceiptError("receipt.body.outputs must list the job's one output");
  return body.outputs[0]!.sha256;
}

export function verifyOutput(job: JobRow, outputSha256: string, submission: SubmitResultRequest): Verdict {
  if (job.verification === 'canary') {
    const check = JSON.parse(job.check_json) as CanaryCheck;
    return outputSha256 === check.expectedSha256
      ? { verified: true, reason: 'Known-answer check passed.' }
      : { verified: false, reason: 'Wrong answer to a known-answer job.' };
  }
  if (job.verification === 'redundancy')
    return { verified: null, reason: 'Waiting for the second copy of this job.' };
  const check = JSON.parse(job.check_json) as FreivaldsCheck;
  const output = submission.outputs.find((o) => o.binding === check.outputBinding);
  if (!output)
    throw new ReceiptError(`outputs: binding ${check.outputBinding}'s bytes are required for this job`);
  const bytes = Buffer.from(output.base64, 'base64');
  if (sha256Hex(bytes) !== outputSha256)
    throw new ReceiptError("outputs: bytes do not hash to the receipt's sha256");
  if (bytes.byteLength !== check.m * check.n * 4)
    return { verified: false, reason: 'Output has the wrong size.' };
  const c = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return freivaldsCheck(check.seed, check, c)
    ? { verified: true, reason: 'Freivalds check passed.' }
    : { verified: false, reason: 'Freivalds check failed: the product is wrong.' };
}
