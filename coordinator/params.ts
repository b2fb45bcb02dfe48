// The network's parameters in one place: the reference deployment's defaults, which the sandbox and
// tests override. Times are milliseconds; money is bigint IO base units (9 decimals).
import type { ProvenClass } from '../common/network-api.js';
import type { MemoryOptions } from '../common/node/proof/memory-classes.js';
import type { ChallengeOptions } from '../common/node/proof/verifier.js';
import { STAKING_DEFAULTS, type StakingParams } from './staking/params.js';

export interface WorkloadParams {
  /** Keep this many queued jobs per device tier that has verified devices. */
  depthPerTier: number;
  /** Every n-th generated job is a known-answer canary (0: none). */
  canaryEvery: number;
  /** Every n-th generated job goes out twice and is checked by agreement (0: none). */
  redundancyEvery: number;
  refillMs: number;
  /** Test and benchmark override: every job is a tiny canary, so the coordinator is what is measured. */
  canariesOnly: boolean;
}

export interface CoordinatorParams extends StakingParams {
  leaseMs: number;
  /**
   * The GPU memory a verified device without a memory proof (unified memory, or verified before
   * the memory phase existed) is leased jobs for: WebGPU's default maxBufferSize, which every
   * adapter must be able to allocate. A device that proved its memory gets jobs up to what it proved.
   */
  unprovenMemoryBytes: number;
  /** A device counts as online (dispatchable, uptime running) while heartbeats come this often. */
  heartbeatFreshMs: number;
  /** No heartbeat for this long: 'inactive' (io.net: 5 days). */
  inactiveAfterMs: number;
  /** Continuous uptime a verified device needs to become cluster-ready (io.net: 5 h). */
  clusterReadyUptimeMs: number;
  /** When a new device's first proof of GPU is due (it may prove at once; pending devices never earn). */
  firstProofDelayMs: number;
  /** A passed proof holds this long; then the device proves again (io.net re-checks periodically). */
  proofIntervalMs: number;
  /** After a failed proof the device may ask for a new challenge this much later. */
  proofRetryMs: number;
  /** A verified device whose proof is overdue by more than this is failed by the sweep. */
  proofGraceMs: number;
  /**
   * Challenge size overrides (tests: a small n and S, a small memory phase); by default sized for
   * the claimed class. The memory phase's cap comes from the device's reported limits, never from here.
   */
  proofChallenge: Pick<ChallengeOptions, 'n' | 'S' | 'k' | 'allowanceMs'> & {
    memory?: Omit<MemoryOptions, 'capBytes'>;
  };
  /**
   * An unfinished challenge this old is expired by the sweep (the memory phase's fill is untimed, so
   * a challenge can wait there for ever); answers to it are then refused as stale.
   */
  proofChallengeTtlMs: number;
  sweepMs: number;
  /** Network fee in basis points of gross rewards (2.5 %). */
  feeBps: bigint;
  /** Base units per TFLOP of verified work, before the class multiplier. */
  unitsPerTflop: bigint;
  /** Reward (and minimum-stake) multiplier per class in basis points; others get 10000. */
  classMultiplierBps: Partial<Record<ProvenClass, bigint>>;
  /** Minimum stake per GPU at multiplier 1 (200 IO). */
  minStakePerGpu: bigint;
  maxBodyBytes: number;
  /** Smallest claim paid out (verified earnings below it are refused, to keep fees and rent worth it). */
  minPayout: bigint;
  /**
   * Tests and the network benchmark only: registration marks a device verified with its claimed
   * class, skipping the proof of GPU. Never on a network: self-reported hardware proves nothing.
   */
  trustClaimedClass: boolean;
  workload: WorkloadParams | null;
}

export const IO = 1_000_000_000n;

export const DEFAULT_PARAMS: CoordinatorParams = {
  ...STAKING_DEFAULTS,
  leaseMs: 10 * 60_000,
  unprovenMemoryBytes: 256 * 1024 * 1024,
  heartbeatFreshMs: 90_000,
  inactiveAfterMs: 5 * 24 * 3600_000,
  clusterReadyUptimeMs: 5 * 3600_000,
  firstProofDelayMs: 60_000,
  proofIntervalMs: 6 * 3600_000,
  proofRetryMs: 30 * 60_000,
  proofGraceMs: 3600_000,
  proofChallenge: {},
  proofChallengeTtlMs: 10 * 60_000,
  sweepMs: 30_000,
  feeBps: 250n,
  unitsPerTflop: IO / 20n,
  classMultiplierBps: { 'rtx-4090': 12_000n, 'rtx-5090': 13_000n, 'h100-sxm': 15_000n, h200: 16_000n },
  minStakePerGpu: 200n * IO,
  maxBodyBytes: 8 * 1024 * 1024,
  minPayout: 10n * IO,
  trustClaimedClass: false,
  workload: { depthPerTier: 16, canaryEvery: 10, redundancyEvery: 5, refillMs: 1000, canariesOnly: false },
};

export function resolveParams(overrides: Partial<CoordinatorParams> = {}): CoordinatorParams {
  return { ...DEFAULT_PARAMS, ...overrides };
}
