// Staking's network parameters, kept here until CoordinatorParams takes them in (it should extend
// StakingParams, and DEFAULT_PARAMS / SANDBOX_PARAMS spread these values).

export interface StakingParams {
  /** Between an unstake request and the network co-signing its release (io.net: 14 days). */
  unstakeCooldownMs: number;
  /** How long a vault balance read from the chain is reused by the stake lookup (heartbeats, sweeps). */
  stakeCacheMs: number;
}

export const STAKING_DEFAULTS: StakingParams = {
  unstakeCooldownMs: 14 * 24 * 3600_000,
  stakeCacheMs: 5_000,
};

/** The sandbox shows a whole unstake in one sitting. */
export const STAKING_SANDBOX_PARAMS: Partial<StakingParams> = {
  unstakeCooldownMs: 5 * 60_000,
};
