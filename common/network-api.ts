// The wire contract between a provider device and a coordinator: one zod schema per request and
// response body. The provider app, a UI and the coordinator's OpenAPI document all derive from these.
// Money crosses the wire as decimal strings of IO base units (9 decimals): JSON numbers are floats.
import { z } from 'zod';
import { jobReceiptSchema } from './job-receipt.js';
import { base64Schema, jobSpecSchema } from './job-spec.js';
import { GPU_CLASS_IDS, gpuClassSchema } from './gpu-catalog.js';
import {
  pogMemoryOpeningRequestSchema,
  pogMemoryWalkSchema,
  pogOpeningRequestSchema,
  pogVerdictSchema,
} from './proof-of-gpu.js';

export const API_PREFIX = '/v1';
export const baseUnitsSchema = z.string().regex(/^\d{1,30}$/, 'IO base units as a string of digits');
const isoTime = z.string();

export const deviceStatusSchema = z.enum([
  'pending',
  'verified',
  'cluster-ready',
  'failed',
  'blocked',
  'inactive',
]);
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

export const registerRequestSchema = z.object({
  /** What the OS and WebGPU report: worth nothing as proof, useful for matching and display. */
  hardware: z.object({
    gpus: z
      .array(z.object({ model: z.string().max(200), vramMb: z.number().int().nonnegative().nullable() }))
      .max(16),
    adapter: z.string().max(200).nullable(),
    os: z.string().max(200),
    cpuCores: z.number().int().positive(),
    memoryMb: z.number().int().nonnegative(),
  }),
  /** The device's own benchmark figures; the proof of GPU measures for itself. */
  benchmark: z.object({ matmulGflops: z.number().nonnegative(), bandwidthGBs: z.number().nonnegative() }),
  claimedClass: gpuClassSchema.nullable(),
  gpuCount: z.number().int().min(1).max(16).default(1),
});
export type RegisterRequest = z.input<typeof registerRequestSchema>;

/**
 * A class a device proved with the proof of GPU: a catalog class, or 'software' (CPU adapters and
 * parts not in the catalog; common/node/proof/classes.ts). Never what the device claims.
 */
export const provenClassSchema = z.enum(['software', ...GPU_CLASS_IDS]);
export type ProvenClass = z.infer<typeof provenClassSchema>;

export const deviceStatusResponseSchema = z.object({
  deviceId: z.string(),
  status: deviceStatusSchema,
  /** One sentence a person reads: why the device is in this state and what changes it. */
  reason: z.string(),
  nextCheckAt: isoTime.nullable(),
  claimedClass: gpuClassSchema.nullable(),
  provenClass: provenClassSchema.nullable(),
  registeredAt: isoTime,
  /** When the device should next answer a proof-of-GPU challenge; null when blocked or none is scheduled. */
  proofDueAt: isoTime.nullable(),
  /** GPU memory (bytes) the last passed proof's memory phase showed it holding; null without one. */
  provenMemoryBytes: z.number().int().nonnegative().nullable(),
});
export type DeviceStatusResponse = z.infer<typeof deviceStatusResponseSchema>;

export const heartbeatRequestSchema = z.object({
  /** The governor's decision: may the network send jobs now, and if not, why (shown to the owner). */
  accepting: z.boolean(),
  reason: z.string().max(500),
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;

export const leaseRequestSchema = z.object({ max: z.number().int().min(1).max(32) });
export type LeaseRequest = z.infer<typeof leaseRequestSchema>;

export const verificationModeSchema = z.enum(['freivalds', 'canary', 'redundancy']);
export type VerificationMode = z.infer<typeof verificationModeSchema>;

export const leasedJobSchema = z.object({
  leaseId: z.string(),
  expiresAt: isoTime,
  /** freivalds needs the output bytes in the result; canary and redundancy need only the receipt. */
  verification: verificationModeSchema,
  spec: jobSpecSchema,
});
/** Why a lease brought no job, for machines; `reason` says it for people. */
export const leaseWaitSchema = z.enum([
  'not-eligible',
  'not-accepting',
  'no-heartbeat',
  'queue-empty',
  'no-fit',
]);
export type LeaseWait = z.infer<typeof leaseWaitSchema>;

export const leaseResponseSchema = z.object({
  jobs: z.array(leasedJobSchema),
  /** Why fewer jobs than asked came back (not verified, not accepting, queue empty). */
  reason: z.string().nullable(),
  /** The same as a code; null when jobs came back. */
  wait: leaseWaitSchema.nullable().default(null),
});
export type LeaseResponse = z.infer<typeof leaseResponseSchema>;

export const submitResultRequestSchema = z.object({
  leaseId: z.string().max(128),
  receipt: jobReceiptSchema,
  /** Output bytes by binding, required for freivalds jobs; must hash to the receipt's sha256. */
  outputs: z.array(z.object({ binding: z.number().int().min(0).max(15), base64: base64Schema })).max(8),
});
export type SubmitResultRequest = z.infer<typeof submitResultRequestSchema>;

export const submitResultResponseSchema = z.object({
  jobId: z.string(),
  /** accepted: verified and credited; waiting: a redundant copy awaits its twin; rejected: see reason. */
  outcome: z.enum(['accepted', 'waiting', 'rejected']),
  reason: z.string(),
  credited: baseUnitsSchema,
});
export type SubmitResultResponse = z.infer<typeof submitResultResponseSchema>;

export const earningsResponseSchema = z.object({
  deviceId: z.string(),
  pending: baseUnitsSchema,
  verified: baseUnitsSchema,
  paid: baseUnitsSchema,
  jobsCredited: z.number().int(),
});
export type EarningsResponse = z.infer<typeof earningsResponseSchema>;

export const payoutClaimRequestSchema = z.object({
  /** Chosen by the client and reused on every retry of one claim: the same id never pays twice. */
  claimId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
  /** The owner's Solana address (base58); IO goes to its associated token account, created if missing. */
  wallet: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'a base58 Solana address'),
});
export type PayoutClaimRequest = z.infer<typeof payoutClaimRequestSchema>;

/** sending: signed and recorded, not yet seen on chain (ask again with the same claimId); paid; failed. */
export const payoutStateSchema = z.enum(['sending', 'paid', 'failed']);
export type PayoutState = z.infer<typeof payoutStateSchema>;

export const payoutSchema = z.object({
  payoutId: z.string(),
  claimId: z.string(),
  wallet: z.string(),
  tokenAccount: z.string(),
  amount: baseUnitsSchema,
  state: payoutStateSchema,
  /** The transfer's transaction signature (base58). */
  signature: z.string(),
  /** Why a payout failed or is still sending; empty once paid. */
  reason: z.string(),
  createdAt: isoTime,
  settledAt: isoTime.nullable(),
});
export type Payout = z.infer<typeof payoutSchema>;

export const payoutsResponseSchema = z.object({ payouts: z.array(payoutSchema) });
export type PayoutsResponse = z.infer<typeof payoutsResponseSchema>;

export const networkStatsSchema = z.object({
  devicesByStatus: z.record(z.string(), z.number().int()),
  verifiedGpus: z.number().int(),
  jobsQueued: z.number().int(),
  jobsVerified: z.number().int(),
  jobsFailed: z.number().int(),
  computeHours: z.number(),
  fees: baseUnitsSchema,
  credited: baseUnitsSchema,
  paid: baseUnitsSchema,
});
export type NetworkStats = z.infer<typeof networkStatsSchema>;

/** A WebGPU limit reported by the adapter: at least WebGPU's guaranteed minimum, a safe integer. */
const limit = (minimum: number) => z.number().int().min(minimum).max(Number.MAX_SAFE_INTEGER).optional();

/**
 * The adapter's storage limits (WebGPU names, as the adapter reports them): the memory phase asks for
 * no more than they let the device bind at once (common/node/proof/proof-of-gpu-memory.ts, memoryCapacityBytes).
 * A missing limit counts as WebGPU's minimum. Not trusted: a lower report only proves less memory.
 */
export const proofLimitsSchema = z.object({
  maxBufferSize: limit(256 * 2 ** 20),
  maxStorageBufferBindingSize: limit(128 * 2 ** 20),
  maxStorageBuffersPerShaderStage: limit(8),
});
export type ProofLimits = z.infer<typeof proofLimitsSchema>;

/**
 * POST /v1/proof/challenge: the coordinator sizes the challenge for the claimed class. `limits`
 * caps the memory phase's buffer; without them the device must hold the class's whole figure.
 */
export const proofChallengeRequestSchema = z.object({ limits: proofLimitsSchema.optional() });
export type ProofChallengeRequest = z.infer<typeof proofChallengeRequestSchema>;

/** Exactly one is non-null: the segments to open, or the verdict of a commitment already rejected. */
export const proofCommitmentResponseSchema = z.object({
  openings: pogOpeningRequestSchema.nullable(),
  verdict: pogVerdictSchema.nullable(),
});
export type ProofCommitmentResponse = z.infer<typeof proofCommitmentResponseSchema>;

/** The final verdict of a proof, and the device's status it set. */
export const proofVerdictResponseSchema = z.object({
  verdict: pogVerdictSchema,
  device: deviceStatusResponseSchema,
});
export type ProofVerdictResponse = z.infer<typeof proofVerdictResponseSchema>;

/**
 * POST /v1/proof/openings. Either the final verdict (`verdict` and `device`; `memoryPending` null),
 * or, for a version 2 challenge whose compute phase passed, `memoryPending` (the compute phase's
 * verdict) with `verdict` and `device` null: the proof is not over, the memory phase comes next
 * (fill the buffer, then POST /v1/proof/memory/ready).
 */
export const proofOpeningsResponseSchema = z.object({
  verdict: pogVerdictSchema.nullable(),
  device: deviceStatusResponseSchema.nullable(),
  memoryPending: z.object({ compute: pogVerdictSchema }).nullable(),
});
export type ProofOpeningsResponse = z.infer<typeof proofOpeningsResponseSchema>;

/**
 * POST /v1/proof/memory/ready: `walk`, the walk seed (the walk is timed from this answer), or the
 * final `verdict` and `device` when the device could not hold the buffer; exactly one is non-null.
 */
export const proofMemoryWalkResponseSchema = z.object({
  walk: pogMemoryWalkSchema.nullable(),
  verdict: pogVerdictSchema.nullable(),
  device: deviceStatusResponseSchema.nullable(),
});
export type ProofMemoryWalkResponse = z.infer<typeof proofMemoryWalkResponseSchema>;

/**
 * POST /v1/proof/memory/commitment: `openings`, the walkers to re-walk, or the final `verdict` and
 * `device` when the walk commitment was rejected (late, badly signed, wrong roots).
 */
export const proofMemoryCommitmentResponseSchema = z.object({
  openings: pogMemoryOpeningRequestSchema.nullable(),
  verdict: pogVerdictSchema.nullable(),
  device: deviceStatusResponseSchema.nullable(),
});
export type ProofMemoryCommitmentResponse = z.infer<typeof proofMemoryCommitmentResponseSchema>;

export const errorResponseSchema = z.object({ error: z.string(), message: z.string() });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Pushed over the device's WebSocket (GET /v1/events, signed like any request). */
export const deviceEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job-available'), queued: z.number().int() }),
  z.object({
    type: z.literal('status-changed'),
    status: deviceStatusSchema,
    reason: z.string(),
    nextCheckAt: isoTime.nullable(),
  }),
  /** A verified device's next proof of GPU is due: POST /v1/proof/challenge. */
  z.object({ type: z.literal('proof-due') }),
]);
export type DeviceEvent = z.infer<typeof deviceEventSchema>;

/** GET /v1/network: what a client needs to know about this network before it registers. */
export const networkInfoSchema = z.object({
  rpcUrl: z.string().nullable(),
  ioMint: z.string().nullable(),
  decimals: z.literal(9),
  feeBps: z.number().int(),
  leaseMs: z.number().int(),
  /** Send heartbeats at least this often to stay online (dispatchable, uptime counting). */
  heartbeatFreshMs: z.number().int(),
  /** The smallest claim paid out (base units); absent from a network that does not say. */
  minPayout: baseUnitsSchema.optional(),
  /** Between an unstake request and its release (ms); absent from a network that does not say. */
  unstakeCooldownMs: z.number().int().optional(),
});
export type NetworkInfo = z.infer<typeof networkInfoSchema>;

/** One of this device's ledger entries, keyed by the coordinator's id (clients mirror them by it). */
export const ledgerEntrySchema = z.object({
  entryId: z.string(),
  jobId: z.string(),
  /** Net of the network fee, IO base units. */
  amount: baseUnitsSchema,
  /** Before the fee, and the fee withheld at credit time (amount = gross - fee); absent from a network that does not say. */
  gross: baseUnitsSchema.optional(),
  fee: baseUnitsSchema.optional(),
  state: z.enum(['pending', 'verified', 'paid', 'rejected']),
  /** Epoch ms on the coordinator's clock when the entry was made. */
  createdAt: z.number().int(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const ledgerEntriesResponseSchema = z.object({ entries: z.array(ledgerEntrySchema) });
export type LedgerEntriesResponse = z.infer<typeof ledgerEntriesResponseSchema>;
