// The embedded sandbox network: the local chain and the coordinator on one machine, each with its
// own folder under dataDir. `io-provider network` and a provider node with no network URL start this.
import { Connection, LAMPORTS_PER_SOL } from '@solana/web3.js';
import { join } from 'node:path';
import { startLocalChain, type LocalChain } from './chain/local-chain.js';
import { startCoordinator, type Coordinator } from './coordinator.js';
import { IO, type CoordinatorParams } from './params.js';
import { STAKING_SANDBOX_PARAMS } from './staking/params.js';
import { loadOrCreateKeypair } from './chain/chain-files.js';

/**
 * Sandbox timings: minutes where the real network uses hours, so an owner sees the whole lifecycle
 * (proof of GPU, re-proof, a failed proof's retry) in one sitting. Claims are never trusted: a
 * device earns once it has proved its class, as on a real network.
 */
export const SANDBOX_PARAMS: Partial<CoordinatorParams> = {
  ...STAKING_SANDBOX_PARAMS,
  trustClaimedClass: false,
  firstProofDelayMs: 0,
  proofIntervalMs: 10 * 60_000,
  proofRetryMs: 60_000,
  proofGraceMs: 5 * 60_000,
  leaseMs: 2 * 60_000,
  inactiveAfterMs: 60 * 60_000,
  clusterReadyUptimeMs: 10 * 60_000,
  sweepMs: 5_000,
  minPayout: IO / 1_000_000n, // 0.000001 IO: a few tier-0 tiles
  workload: { depthPerTier: 8, canaryEvery: 10, redundancyEvery: 5, refillMs: 2_000, canariesOnly: false },
};

export interface NetworkOptions {
  dataDir: string;
  /** Coordinator port (0: any free one). The chain takes its own free pair of ports. */
  port?: number;
  host?: string;
  params?: Partial<CoordinatorParams>;
  /** The coordinator's clock (tests time the proof of GPU with it); the chain keeps its own. */
  now?: () => number;
}

export interface SandboxNetwork {
  coordinatorUrl: string;
  rpcUrl: string;
  wsUrl: string;
  chain: LocalChain;
  coordinator: Coordinator;
  stop(): Promise<void>;
}

export async function startNetwork(options: NetworkOptions): Promise<SandboxNetwork> {
  const chain = await startLocalChain({ dataDir: join(options.dataDir, 'chain'), host: options.host });
  let coordinator: Coordinator;
  try {
    await fundPayoutFees(chain);
    coordinator = await startCoordinator({
      dataDir: join(options.dataDir, 'coordinator'),
      port: options.port,
      host: options.host,
      chain: {
        rpcUrl: chain.rpcUrl,
        ioMint: chain.ioMint,
        treasury: chain.treasury,
        authority: chain.authority,
        stakingKey: loadOrCreateKeypair(join(options.dataDir, 'coordinator', 'staking-key.json')),
      },
      params: { ...SANDBOX_PARAMS, ...options.params },
      now: options.now,
    });
  } catch (error) {
    await chain.stop();
    throw error;
  }
  return {
    coordinatorUrl: coordinator.url,
    rpcUrl: chain.rpcUrl,
    wsUrl: chain.wsUrl,
    chain,
    coordinator,
    stop: async () => {
      await coordinator.stop();
      await chain.stop();
    },
  };
}

/**
 * Payouts are signed by the treasury's owner, which also pays their fees and the rent of the token
 * accounts they create: the sandbox tops it up from the faucet when it runs low.
 */
export async function fundPayoutFees(chain: LocalChain, minSol = 1, topUpSol = 100): Promise<void> {
  const connection = new Connection(chain.rpcUrl, 'confirmed');
  const lamports = await connection.getBalance(chain.authority.publicKey);
  if (lamports < minSol * LAMPORTS_PER_SOL)
    await chain.faucet(chain.authority.publicKey.toBase58(), { sol: topUpSol });
}
