// The embedded sandbox network: the local chain and the coordinator on one machine, each with its
// own folder under dataDir. `io-provider network` and a provider node with no network URL start this.
import { join } from 'node:path';
import { startLocalChain, type LocalChain } from './chain/local-chain.js';
import { startCoordinator, type Coordinator } from './coordinator.js';
import type { CoordinatorParams } from './params.js';

/**
 * Sandbox timings: minutes where the real network uses hours, so an owner sees the whole lifecycle
 * in one sitting. Claims are trusted until the proof of GPU exists; see CoordinatorParams.
 */
export const SANDBOX_PARAMS: Partial<CoordinatorParams> = {
  trustClaimedClass: true,
  leaseMs: 2 * 60_000,
  inactiveAfterMs: 60 * 60_000,
  clusterReadyUptimeMs: 10 * 60_000,
  sweepMs: 5_000,
  workload: { depthPerTier: 8, canaryEvery: 10, redundancyEvery: 5, refillMs: 2_000, canariesOnly: false },
};

export interface NetworkOptions {
  dataDir: string;
  /** Coordinator port (0: any free one). The chain takes its own free pair of ports. */
  port?: number;
  host?: string;
  params?: Partial<CoordinatorParams>;
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
    coordinator = await startCoordinator({
      dataDir: join(options.dataDir, 'coordinator'),
      port: options.port,
      host: options.host,
      chain: { rpcUrl: chain.rpcUrl, ioMint: chain.ioMint },
      params: { ...SANDBOX_PARAMS, ...options.params },
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
