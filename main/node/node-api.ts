// The dashboard contract (common/dashboard-api.ts) served by a running node. Transports (the
// loopback HTTP/WebSocket server now, Electron IPC later) validate inputs against the contract and
// then call these; nothing here trusts that a caller is well-behaved beyond that.
import packageJson from '../../package.json' with { type: 'json' };
import type { NodeApi } from '../../common/dashboard-api.js';
import type { GovernorMode, RunningMode } from '../../common/governor.js';
import { nodeSettingsSchema } from '../../common/node-settings.js';
import { earningsBuckets, earningsCsv } from './earnings.js';
import type { ProviderNode } from './provider-node.js';

/** The mode a snooze or a finish returns to: what the owner had running, Auto otherwise. */
function runningModeOf(mode: GovernorMode): RunningMode {
  if (mode.kind === 'run-now' || mode.kind === 'auto') return mode.kind;
  if (mode.kind === 'snoozed') return mode.resumeTo;
  if (mode.kind === 'finish-then-pause') return mode.rules;
  return 'auto';
}

export function createNodeApi(node: ProviderNode): NodeApi {
  const mode = (next: GovernorMode) => {
    node.setMode(next);
    return Promise.resolve(node.state());
  };
  return {
    getState: () => Promise.resolve(node.state()),
    getJobs: ({ limit }) => Promise.resolve({ jobs: node.store.history(limit ?? 50) }),
    getEarnings: ({ bucket, count }) =>
      Promise.resolve({ buckets: earningsBuckets(node.store, bucket, count ?? 24, Date.now()) }),
    exportEarningsCsv: () =>
      Promise.resolve({
        filename: `io-earnings-${new Date().toISOString().slice(0, 10)}.csv`,
        csv: earningsCsv(node.store),
      }),
    getLog: () => Promise.resolve({ lines: [...node.recentLog] }),
    getTelemetry: () => Promise.resolve({ samples: node.telemetry.all() }),
    getNetworkStats: async () => ({ at: Date.now(), stats: await node.o.client.stats() }),
    getDiagnostics: () =>
      Promise.resolve({
        version: packageJson.version,
        platform: `${process.platform} ${process.arch}, Node ${process.versions.node}`,
        dataDir: node.o.dataDir,
        benchmark: node.profile?.benchmark ?? null,
        proofs: node.proofs.all(),
      }),
    getSettings: () => Promise.resolve(node.settings),
    updateSettings: (patch) => {
      const next = nodeSettingsSchema.parse({ ...node.settings, ...patch });
      node.saveSettings(next);
      return Promise.resolve(node.settings);
    },
    setMode: ({ mode: kind }) => mode({ kind }),
    snooze: ({ hours }) =>
      mode({
        kind: 'snoozed',
        until: Date.now() + hours * 3_600_000,
        resumeTo: runningModeOf(node.settings.governor.mode),
      }),
    finish: () => mode({ kind: 'finish-then-pause', rules: runningModeOf(node.settings.governor.mode) }),
    runBenchmark: () => {
      node.requestBenchmark();
      return Promise.resolve({
        started: true,
        message: 'The benchmark runs after the current job; the node registers its new figures.',
      });
    },
    proveNow: () => {
      node.requestProof();
      return Promise.resolve({
        started: true,
        message: 'A proof of GPU starts after the current job, if the network has one due or allows one.',
      });
    },
  };
}
