// Proof of GPU: the messages between a verifier (the coordinator, or the app checking itself) and a
// prover (the GPU worker). See docs/proof-of-gpu.md for the protocol and the probability arithmetic.
import { z } from 'zod';

/** Matrix side. Entries 0..15, so every sum is <= 1024 * 15 * 15 < 2^24: exact in f32 on every GPU. */
export const POG_N = 1024;
/** Columns of C per leaf digest (one segment: 64 u32 = 256 bytes). */
export const POG_SEGMENT = 64;
/**
 * Openings. A prover that skips or fakes a fraction f = 1 % of the segments survives one uniformly
 * random opening with probability 0.99, and k independent ones with 0.99^k. We want <= 1e-9:
 *   k >= ln(1e-9) / ln(0.99) = -20.7233 / -0.0100503 = 2061.95  ->  k = 2062
 *   (0.99^2062 = 9.995e-10 <= 1e-9, while 0.99^2061 = 1.0096e-9 is not).
 * Openings are drawn with replacement, so they are independent; an opened fake segment also fails
 * Freivalds' check except with probability <= 2^-20 (see common/node/proof/freivalds.ts), so a
 * 1 % cheater passes with probability <= (1 - 0.01 (1 - 2^-20))^2062 ~ 1.0e-9 (+2e-14).
 */
export const POG_OPENINGS = 2062;
/** Target time of the timed phase on the claimed GPU. */
export const POG_TARGET_MS = 2500;
/** Share of the catalog's fp32 peak a WebGPU matmul of n = 1024 is expected to reach. */
export const POG_REFERENCE_EFFICIENCY = 0.35;

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 32 bytes as lowercase hex');
const hexSig = z.string().regex(/^[0-9a-f]{128}$/, 'expected a 64-byte ed25519 signature as hex');

/**
 * The memory phase (version 2 challenges): hold a buffer of `bytes` (32-byte items, each `hashes`
 * chained SHA-256 calls from the seed) and, once the verifier's walk seed arrives, walk it in time:
 * `batches` x `walkers` walkers of `steps` steps, two items read per step (common/proof-of-gpu-
 * memory.ts; the arithmetic is in common/node/proof/memory-verifier.ts and docs/proof-of-gpu.md).
 */
export const pogMemorySpecSchema = z.object({
  bytes: z
    .number()
    .int()
    .positive()
    .multipleOf(32)
    .max(32 * 0xffffffff),
  hashes: z.number().int().min(1).max(1024),
  /** Walkers per batch (one Merkle tree of their final states each): a power of two. */
  walkers: z
    .number()
    .int()
    .min(2)
    .max(1 << 22)
    .refine((x) => (x & (x - 1)) === 0, 'walkers must be a power of two'),
  batches: z
    .number()
    .int()
    .min(1)
    .max(1 << 20),
  steps: z.number().int().min(1).max(1024),
  /** Walkers the verifier re-walks after the commitment. */
  k: z.number().int().min(1).max(10_000),
  /** Expected walk time on the claimed class; the deadline counts from the walk seed's issue. */
  referenceMs: z.number().positive(),
  toleranceFactor: z.number().min(1),
  deadlineMs: z.number().positive(),
});
export type PogMemorySpec = z.infer<typeof pogMemorySpecSchema>;

export const pogChallengeSchema = z.object({
  /** 1: compute phase only; 2: compute and memory phases (`memory` present). */
  version: z.union([z.literal(1), z.literal(2)]),
  challengeId: z.string().min(8).max(64),
  deviceId: z.string().min(32).max(64),
  /** The server's fresh 32-byte seed: matrices, digest key and everything else derive from it. */
  seed: hex32,
  n: z.number().int().min(64).max(4096).multipleOf(POG_SEGMENT),
  /** Number of n x n blocks of A (the work is S * 2n^3 flops). */
  S: z
    .number()
    .int()
    .min(1)
    .max(1 << 20),
  k: z.number().int().min(1).max(100_000),
  /** Class the device says it is ('software' for CPU adapters, 'unknown' for parts not in the catalog). */
  claimedClass: z.string().min(1).max(64),
  /** Expected time on the claimed class. */
  referenceMs: z.number().positive(),
  toleranceFactor: z.number().min(1),
  issuedAt: z.number().int(),
  /** Wall-clock ms after issuedAt by which the commitment must arrive (tolerance x reference + round trip). */
  deadlineMs: z.number().positive(),
  nonce: hex32,
  /** The memory phase, in version 2 challenges. */
  memory: pogMemorySpecSchema.optional(),
});
export type PogChallenge = z.infer<typeof pogChallengeSchema>;

/** What the prover's GPU computed: one Merkle root per block of A. */
export const pogCommitmentBodySchema = z.object({
  challengeId: z.string(),
  nonce: hex32,
  deviceId: z.string(),
  topRoot: hex32,
  blockRoots: z.array(hex32).min(1),
  /** The prover's own measurement; the verifier times with its own clock. */
  proverMs: z.number().nonnegative(),
});
export type PogCommitmentBody = z.infer<typeof pogCommitmentBodySchema>;

/** The body signed by the device key over its canonical JSON: binds roots to challenge, nonce and key. */
export const pogCommitmentSchema = z.object({ body: pogCommitmentBodySchema, signature: hexSig });
export type PogCommitment = z.infer<typeof pogCommitmentSchema>;

export const pogOpeningSchema = z.object({
  block: z.number().int().min(0),
  row: z.number().int().min(0),
  /** Column block J: columns J*64 .. J*64+63. */
  col: z.number().int().min(0),
});
export type PogOpening = z.infer<typeof pogOpeningSchema>;

export const pogOpeningRequestSchema = z.object({
  challengeId: z.string(),
  openings: z.array(pogOpeningSchema).min(1),
});
export type PogOpeningRequest = z.infer<typeof pogOpeningRequestSchema>;

export const pogOpenedSegmentSchema = pogOpeningSchema.extend({
  values: z.array(z.number().int().min(0).max(0xffffffff)).length(POG_SEGMENT),
  /** Sibling digests from the leaf up to the block root. */
  path: z.array(hex32),
});
export type PogOpenedSegment = z.infer<typeof pogOpenedSegmentSchema>;

export const pogOpeningAnswerSchema = z.object({
  challengeId: z.string(),
  segments: z.array(pogOpenedSegmentSchema),
});
export type PogOpeningAnswer = z.infer<typeof pogOpeningAnswerSchema>;

export const pogVerdictSchema = z.object({
  accepted: z.boolean(),
  /** A sentence the owner can act on; 'ok' when accepted. */
  reason: z.string(),
  /** S * 2n^3 over the verifier's measured time to the commitment. */
  measuredGflops: z.number().nonnegative(),
  /** The best class whose reference throughput the device met; never the claimed one by itself. */
  provenClass: z.string().nullable(),
  /** Buffer bytes the memory phase proved (absent without one, null when it failed). */
  memoryBytes: z.number().int().nonnegative().nullable().optional(),
});
export type PogVerdict = z.infer<typeof pogVerdictSchema>;

/** Signed by the device once its buffer is filled: asks for the walk seed. */
export const pogMemoryReadyBodySchema = z.object({
  challengeId: z.string(),
  nonce: hex32,
  deviceId: z.string(),
  /** What the device could allocate; less than the challenge's bytes fails at once, with that figure. */
  heldBytes: z.number().int().nonnegative(),
  fillMs: z.number().nonnegative(),
});
export type PogMemoryReadyBody = z.infer<typeof pogMemoryReadyBodySchema>;
export const pogMemoryReadySchema = z.object({ body: pogMemoryReadyBodySchema, signature: hexSig });
export type PogMemoryReady = z.infer<typeof pogMemoryReadySchema>;

/** The verifier's fresh walk seed, sent only once the buffer is filled; its clock starts here. */
export const pogMemoryWalkSchema = z.object({ challengeId: z.string(), walkSeed: hex32 });
export type PogMemoryWalk = z.infer<typeof pogMemoryWalkSchema>;

/** The walk's result: one Merkle root per batch over its walkers' final states. */
export const pogMemoryCommitmentBodySchema = z.object({
  challengeId: z.string(),
  nonce: hex32,
  deviceId: z.string(),
  walkSeed: hex32,
  topRoot: hex32,
  batchRoots: z.array(hex32).min(1),
  proverMs: z.number().nonnegative(),
});
export type PogMemoryCommitmentBody = z.infer<typeof pogMemoryCommitmentBodySchema>;
export const pogMemoryCommitmentSchema = z.object({ body: pogMemoryCommitmentBodySchema, signature: hexSig });
export type PogMemoryCommitment = z.infer<typeof pogMemoryCommitmentSchema>;

export const pogMemoryOpeningSchema = z.object({
  batch: z.number().int().min(0),
  walker: z.number().int().min(0),
});
export type PogMemoryOpening = z.infer<typeof pogMemoryOpeningSchema>;

export const pogMemoryOpeningRequestSchema = z.object({
  challengeId: z.string(),
  openings: z.array(pogMemoryOpeningSchema).min(1),
});
export type PogMemoryOpeningRequest = z.infer<typeof pogMemoryOpeningRequestSchema>;

export const pogMemoryTraceSchema = pogMemoryOpeningSchema.extend({
  /** a_0 .. a_steps: every state, so the verifier checks each step on its own. */
  states: z.array(hex32).min(2),
  /** Sibling digests from the final state's leaf up to the batch root. */
  path: z.array(hex32),
});
export type PogMemoryTrace = z.infer<typeof pogMemoryTraceSchema>;

export const pogMemoryAnswerSchema = z.object({
  challengeId: z.string(),
  traces: z.array(pogMemoryTraceSchema),
});
export type PogMemoryAnswer = z.infer<typeof pogMemoryAnswerSchema>;
