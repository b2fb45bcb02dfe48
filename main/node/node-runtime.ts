// Assembles a provider node from a data folder: identity, settings, local store, GPU worker, the
// network (the embedded sandbox when no URL is given) and the dashboard server. The CLI's `run`
// and the tests start nodes through here, so they run exactly what an owner runs.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { startDashboardServer, type DashboardServer } from '../dashboard/dashboard-server.js';
import { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../gpu/host/worker-process.js';
import { loadOrCreateDeviceIdentity } from '../identity/device-identity.js';
import { CoordinatorClient } from '../network/coordinator-client.js';
import { writeFileAtomic } from '../../common/node/atomic-file.js';
import { NodeStore } from '../store/node-store.js';
import { SettingsFile } from '../store/settings-file.js';
import { createNodeApi } from './node-api.js';
import type { ProviderNodeOptions } from './node-options.js';
import { ProviderNode } from './provider-node.js';

export interface NodeRuntimeOptions {
  dataDir: string;
  /** Coordinator URL; absent: start the embedded sandbox network in <dataDir>/network. */
  networkUrl?: string;
  dashboardPort?: number;
  timing?: ProviderNodeOptions['timing'];
  governor?: ProviderNodeOptions['governor'];
  /** Sandbox network parameter overrides (tests). */
  sandboxParams?: Parameters<typeof startNetwork>[0]['params'];
  log?: (message: string) => void;
}

export interface NodeRuntime {
  node: ProviderNode;
  dashboard: DashboardServer;
  network: SandboxNetwork | null;
  /** Problems found at start the owner should read (a damaged settings file). */
  warnings: string[];
  stop(): Promise<void>;
}

/** Where a running node says how to reach it: `io-provider status` reads this. */
export interface NodeLockFile {
  pid: number;
  origin: string;
  token: string;
  startedAt: number;
}

export const lockPath = (dataDir: string) => join(dataDir, 'node.json');

export function readLockFile(dataDir: string): NodeLockFile | null {
  const path = lockPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as NodeLockFile;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startNodeRuntime(o: NodeRuntimeOptions): Promise<NodeRuntime> {
  const running = readLockFile(o.dataDir);
  if (running && running.pid !== process.pid && isAlive(running.pid))
    throw new Error(
      `a node is already running with the data folder ${o.dataDir} (pid ${running.pid}, dashboard ${running.origin})`,
    );
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
    const network = o.networkUrl
      ? null
      : await startNetwork({ dataDir: join(o.dataDir, 'network'), params: o.sandboxParams });
    if (network) cleanups.push(() => network.stop());
    const worker = new GpuWorkerClient({ spawner: nodeForkSpawner() });
    cleanups.push(() => worker.stop());
    const client = new CoordinatorClient({ baseUrl: o.networkUrl ?? network!.coordinatorUrl, identity });
    const node = new ProviderNode({
      dataDir: o.dataDir,
      identity,
      store,
      settingsFile,
      settings: loaded.settings,
      client,
      worker,
      sandbox: !o.networkUrl,
      timing: o.timing,
      governor: o.governor,
      log: o.log,
    });
    const dashboard = await startDashboardServer({
      api: createNodeApi(node),
      onEvent: (listener) => node.onEvent(listener),
      port: o.dashboardPort,
    });
    cleanups.push(() => dashboard.stop());
    const lock: NodeLockFile = {
      pid: process.pid,
      origin: dashboard.origin,
      token: dashboard.token,
      startedAt: Date.now(),
    };
    writeFileAtomic(lockPath(o.dataDir), JSON.stringify(lock));
    cleanups.push(() => rmSync(lockPath(o.dataDir), { force: true }));
    node.start();
    let stopped: Promise<void> | null = null;
    return {
      node,
      dashboard,
      network,
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
