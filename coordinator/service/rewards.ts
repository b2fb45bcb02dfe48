// Reward arithmetic in integer base units: gross = work (TFLOP) x rate x class multiplier, the fee
// is a fixed share of gross rounded down, and the device earns the rest. Integer division only, so
// every party recomputes the same numbers from the same inputs.
import type { ProvenClass } from '../../common/network-api.js';
import type { CoordinatorParams } from '../params.js';

const BPS = 10_000n;
const FLOPS_PER_TFLOP = 1_000_000_000_000n;

export function classMultiplierBps(params: CoordinatorParams, gpuClass: ProvenClass | null): bigint {
  return (gpuClass && params.classMultiplierBps[gpuClass]) || BPS;
}

export interface Reward {
  gross: bigint;
  fee: bigint;
  amount: bigint;
}

export function rewardFor(params: CoordinatorParams, flops: number, gpuClass: ProvenClass | null): Reward {
  const gross =
    (BigInt(flops) * params.unitsPerTflop * classMultiplierBps(params, gpuClass)) / (FLOPS_PER_TFLOP * BPS);
  const fee = (gross * params.feeBps) / BPS;
  return { gross, fee, amount: gross - fee };
}

/** 200 IO x max(1, class multiplier) x GPUs (io.net's rule, FACTS.md). */
export function minimumStake(params: CoordinatorParams, gpuClass: ProvenClass | null, gpus: number): bigint {
  const multiplier = classMultiplierBps(params, gpuClass);
  return (params.minStakePerGpu * (multiplier > BPS ? multiplier : BPS) * BigInt(gpus)) / BPS;
}
