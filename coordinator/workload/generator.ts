// The sandbox workload: keeps each device tier's queue stocked with real jobs. Most are matmul tiles
// checked with Freivalds; every n-th is a known-answer canary (a small tile whose product the
// coordinator computed itself) and every m-th goes out twice, settled by agreement.
import { randomBytes, randomInt } from 'node:crypto';
import type { NewJob } from '../service/jobs.js';
import { sha256Hex } from '../../common/node/hash.js';
import type { WorkloadParams } from '../params.js';
import { matmulJobSpec, matmulReference, type MatmulShape } from './matmul-job.js';

/** Tier 0: ~34 MFLOP (tens of ms on a CPU adapter); tier 1: ~0.5 GFLOP for 20+ TFLOPS cards. */
export const TILE_SHAPES: readonly { shape: MatmulShape; chunks: number }[] = [
  { shape: { m: 256, n: 256, k: 256 }, chunks: 4 },
  { shape: { m: 512, n: 512, k: 1024 }, chunks: 8 },
];
const CANARY_SHAPE: MatmulShape = { m: 64, n: 64, k: 64 };
const TINY_CANARY_SHAPE: MatmulShape = { m: 8, n: 8, k: 8 };
const OUTPUT_BINDING = 2;

const flopsOf = (s: MatmulShape) => 2 * s.m * s.n * s.k;
const newId = (prefix: string, tier: number) =>
  `${prefix}-${tier}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

export function canaryJob(tier: number, shape: MatmulShape = CANARY_SHAPE): NewJob {
  const seed = randomInt(1, 2 ** 32 - 1);
  const c = matmulReference(seed, shape);
  return {
    spec: matmulJobSpec(newId('cn', tier), seed, shape, 1),
    verification: 'canary',
    check: { expectedSha256: sha256Hex(new Uint8Array(c.buffer)) },
    tier,
    flops: flopsOf(shape),
  };
}

export function freivaldsJob(tier: number): NewJob {
  const { shape, chunks } = TILE_SHAPES[tier]!;
  const seed = randomInt(1, 2 ** 32 - 1);
  return {
    spec: matmulJobSpec(newId('mm', tier), seed, shape, chunks),
    verification: 'freivalds',
    check: { seed, ...shape, outputBinding: OUTPUT_BINDING },
    tier,
    flops: flopsOf(shape),
  };
}

/** The same tile twice under two ids; hash agreement between two devices settles both. */
export function redundantPair(tier: number): NewJob[] {
  const { shape, chunks } = TILE_SHAPES[tier]!;
  const seed = randomInt(1, 2 ** 32 - 1);
  const groupId = newId('rd', tier);
  return ['a', 'b'].map((copy) => ({
    spec: matmulJobSpec(`${groupId}.${copy}`, seed, shape, chunks),
    verification: 'redundancy' as const,
    check: {},
    tier,
    flops: flopsOf(shape),
    groupId,
  }));
}

/**
 * The next batch of jobs to add for a tier that has `missing` free queue slots. `redundancy`: two
 * devices of the tier are online to take the twins of a pair (one device alone would leave the
 * second twin queued and the first one's credit pending for ever); without, that slot is a tile.
 */
export function generateJobs(
  params: WorkloadParams,
  tier: number,
  missing: number,
  counter: { n: number },
  redundancy = true,
): NewJob[] {
  const jobs: NewJob[] = [];
  while (jobs.length < missing) {
    const n = ++counter.n;
    if (params.canariesOnly) jobs.push(canaryJob(tier, TINY_CANARY_SHAPE));
    else if (params.canaryEvery && n % params.canaryEvery === 0) jobs.push(canaryJob(tier));
    else if (redundancy && params.redundancyEvery && n % params.redundancyEvery === 0)
      jobs.push(...redundantPair(tier));
    else jobs.push(freivaldsJob(tier));
  }
  return jobs;
}
