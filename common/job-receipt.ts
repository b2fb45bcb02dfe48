// The signed statement a device makes about a job it ran: which spec, which output hashes, how long.
// The network checks the signature against the device's registered key before it credits anything.
import { z } from 'zod';
import { jobOutputSchema } from './job-spec.js';

export const receiptBodySchema = z.object({
  version: z.literal(1),
  jobId: z.string(),
  /** sha256 of the canonical JSON of the parsed spec: binds the receipt to exactly that job. */
  specSha256: z.string(),
  deviceId: z.string(),
  outputs: z.array(jobOutputSchema),
  timings: z.object({ totalMs: z.number(), kernelMs: z.number(), chunks: z.number() }),
  completedAt: z.string(),
});
export type ReceiptBody = z.infer<typeof receiptBodySchema>;

export const jobReceiptSchema = z.object({
  body: receiptBodySchema,
  /** ed25519 over canonicalJson(body), base64. */
  signature: z.string(),
});
export type JobReceipt = z.infer<typeof jobReceiptSchema>;
