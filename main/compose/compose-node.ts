// The one place a provider node is assembled: identity, settings, local store, GPU worker, the
// network (the embedded sandbox when no URL is configured) and a UI transport. What differs between
// the headless CLI and the desktop app comes in as parameters: how the GPU worker is spawned
// (child_process.fork or Electron's utilityProcess), where idle/lock signals come from (logind or
// Electron's powerMonitor), and how a UI reaches the node (loopback HTTP or IPC). Tests start nodes
// through here too, so they run exactly what an owner runs.
import { join } from 'node:path';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import type { WorkerSpawner } from '../gpu/host/worker-process.js';
import type { IdleSource } from '../hardware/idle/idle-source.js';
import { loadOrCreateDeviceIdentity } from '../identity/device-identity.js';
import { CoordinatorClient } from '../network/coordinator-client.js';
import { createNodeApi } from '../node/node-api.js';
import type { ProviderNodeOptions } from '../node/node-options.js';
import { ProviderNode } from '../node/provider-node.js';
import { NodeStore } from '../store/node-store.js';
import type { BrowserWalletPort } from '../wallet/browser-wallet-port.js';
import { createWalletApi } from '../wallet/create-wallet-api.js';
import type { KeyVault } from '../wallet/key-vault.js';
import { createFileKeyVault } from '../wallet/keys/file-key-vault.js';
import { WalletService } from '../wallet/wallet-service.js';
import { SettingsFile } from '../store/settings-file.js';
import { assertNoOtherNode, writeLockFile } from './node-lock.js';
import type { UiEndpoint, UiTransport } from './ui-transport.js';

export interface ComposeNodeOptions {
  dataDir: string;
  /** How the GPU worker process starts. */
  spawner: WorkerSpawner;
  /** How a UI reaches the node. */
  ui: UiTransport;
  /** Coordinator URL; overrides the owner's setting. Neither: the embedded sandbox in <dataDir>/network. */
  networkUrl?: string;
  /** Idle and lock signals (Electron's powerMonitor); absent: the OS's own (logind) or none. */
  idleSource?: IdleSource;
  timing?: ProviderNodeOptions['timing'];
  /** Tests pass a governor of their own. */
  governor?: ProviderNodeOptions['governor'];
  /** Sandbox network parameter overrides (tests). */
  sandboxParams?: Parameters<typeof startNetwork>[0]['params'];
  log?: (message: string) => void;
  /** The in-app keystore at the path given (<dataDir>/wallet/keystore.json); default: the passphrase-encrypted file. */
  keyVault?: (path: string) => KeyVault;
  /** A browser wallet's loopback page; absent: connectBrowserWallet is refused with a sentence. */
  browserWallet?: BrowserWalletPort;
}

export interface ComposedNode {
  node: ProviderNode;
  ui: UiEndpoint;
  network: SandboxNetwork | null;
  wallet: WalletService;
  /** Problems found at start the owner should read (a damaged settings file). */
  warnings: string[];
  stop(): Promise<void>;
}

export async function composeNode(o: ComposeNodeOptions): Promise<ComposedNode> {
  assertNoOtherNode(o.dataDir);
  const identity = loadOrCreateDeviceIdentity(o.dataDir);
  const settingsFile = new SettingsFile(o.dataDir);
  const loaded = settingsFile.load();
  const warnings = loaded.problem ? [loaded.problem] : [];
  const store = new NodeStore(o.dataDir);
  const cleanups: (() => Promise<void> | void)[] = [() => store.close()];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
  };
  try {
    const networkUrl = o.networkUrl ?? loaded.settings.networkUrl ?? undefined;
    const network = networkUrl
      ? null
      : await startNetwork({ dataDir: join(o.dataDir, 'network'), params: o.sandboxParams });
    if (network) cleanups.push(() => network.stop());
    const worker = new GpuWorkerClient({ spawner: o.spawner });
    cleanups.push(() => worker.stop());
    const client = new CoordinatorClient({ baseUrl: networkUrl ?? network!.coordinatorUrl, identity });
    const node = new ProviderNode({
      dataDir: o.dataDir,
      identity,
      store,
      settingsFile,
      settings: loaded.settings,
      client,
      worker,
      sandbox: !networkUrl,
      idleSource: o.idleSource,
      timing: o.timing,
      governor: o.governor,
      log: o.log,
    });
    const wallet = new WalletService({
      dataDir: o.dataDir,
      client,
      deviceId: identity.deviceId,
      sandbox: !networkUrl,
      keyVault: (o.keyVault ?? ((path) => createFileKeyVault({ path })))(
        join(o.dataDir, 'wallet', 'keystore.json'),
      ),
      browser: o.browserWallet,
      log: (message) => node.log(message),
    });
    cleanups.push(await wallet.start());
    // Auto-claim is checked whenever the node publishes its state, which it does when the ledger
    // reconciles; the wallet limits itself to one claim a minute.
    const stopAutoClaim = node.onEvent((event) => {
      if (event.type === 'state') wallet.payouts.maybeAutoClaim(BigInt(event.state.earnings.verified));
    });
    cleanups.push(stopAutoClaim);
    const ui = await o.ui({ ...createNodeApi(node), ...createWalletApi(wallet) }, (listener) => {
      const stopNode = node.onEvent(listener);
      const stopWallet = wallet.onEvent(listener);
      return () => {
        stopNode();
        stopWallet();
      };
    });
    cleanups.push(() => ui.stop());
    if (ui.http)
      cleanups.push(writeLockFile(o.dataDir, { pid: process.pid, ...ui.http, startedAt: Date.now() }));
    node.start();
    let stopped: Promise<void> | null = null;
    return {
      node,
      ui,
      network,
      wallet,
      warnings,
      stop: () =>
        (stopped ??= (async () => {
          await node.stop();
          await cleanup();
        })()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
