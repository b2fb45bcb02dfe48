// The provider node's dashboard contract: every query, command and event the UI may use, each with a
// zod schema, so the loopback browser transport (main/dashboard) and the Electron IPC bridge (later,
// preload/) validate the same shapes. Money is IO base units as decimal strings (bigint on each side).
import { z } from 'zod';
import { benchmarkReportSchema } from './benchmark.js';
import { governorActionSchema, governorCodeSchema, governorModeSchema, SNOOZE_HOURS } from './governor.js';
import { baseUnitsSchema, deviceStatusSchema, leaseWaitSchema, networkStatsSchema } from './network-api.js';
import { nodeSettingsPatchSchema, nodeSettingsSchema } from './node-settings.js';
import { walletCalls, walletEventSchemas } from './wallet-api.js';

/** Where the node is in its lifecycle; `headline` says the same in words. */
export const nodePhaseSchema = z.enum([
  'starting',
  'benchmarking',
  'connecting',
  'registering',
  'proving',
  'waiting', // registered, not allowed to earn yet (pending, failed, blocked proof) or not accepting
  'ready', // verified and accepting; no job right now
  'computing',
  'offline', // the network cannot be reached; results wait in the outbox
  'stopping',
  'stopped',
]);
export type NodePhase = z.infer<typeof nodePhaseSchema>;

export const earningsSummarySchema = z.object({
  /** The coordinator's totals (the truth), as last fetched; local figures until the first fetch. */
  pending: baseUnitsSchema,
  verified: baseUnitsSchema,
  paid: baseUnitsSchema,
  /** Credited in the last hour / since local midnight, from the local ledger. */
  lastHour: baseUnitsSchema,
  today: baseUnitsSchema,
  /** The last 15 minutes' credits scaled to 24 h (Salad's rolling window); 0 before any credit. */
  predicted24h: baseUnitsSchema,
  jobsVerified: z.number().int(),
  jobsWaiting: z.number().int(),
  jobsRejected: z.number().int(),
  /** When the totals last matched the coordinator's; null: never reached it. */
  reconciledAt: z.number().int().nullable(),
});
export type EarningsSummary = z.infer<typeof earningsSummarySchema>;

/** One GPU's live readings; null where the OS or driver reports nothing (a CPU adapter has no sensor). */
export const gpuTelemetrySchema = z.object({
  id: z.string(),
  label: z.string(),
  temperatureC: z.number().nullable(),
  /** Total use of the GPU in percent, ours included. */
  utilizationPercent: z.number().nullable(),
  powerW: z.number().nullable(),
  /** What the governor lets this GPU do now, and why ("Held at 60 % to stay under 80 °C"). */
  action: governorActionSchema,
  duty: z.number().min(0).max(1),
  reason: z.string(),
});
export type GpuTelemetry = z.infer<typeof gpuTelemetrySchema>;

/** One reading of every governed GPU, taken at the governor's poll. */
export const telemetrySampleSchema = z.object({ at: z.number().int(), gpus: z.array(gpuTelemetrySchema) });
export type TelemetrySample = z.infer<typeof telemetrySampleSchema>;

/** One proof-of-GPU round as the node saw it, for the diagnostics screen. */
export const proofRecordSchema = z.object({
  at: z.number().int(),
  accepted: z.boolean(),
  /** The verifier's sentence: why it passed or what failed. */
  reason: z.string(),
  provenClass: z.string().nullable(),
  gflops: z.number().nullable(),
  memoryBytes: z.number().int().nullable(),
});
export type ProofRecord = z.infer<typeof proofRecordSchema>;

export const nodeStateSchema = z.object({
  phase: nodePhaseSchema,
  /** The app's version (package.json), for the diagnostics screen and bug reports. */
  version: z.string(),
  earning: z.boolean(),
  /** One sentence for the tray and the dashboard: "Not earning: waiting for verification (next check in 4 min)". */
  headline: z.string(),
  device: z.object({
    id: z.string(),
    name: z.string(),
    status: deviceStatusSchema.nullable(),
    statusReason: z.string(),
    provenClass: z.string().nullable(),
    /** GPU memory the last passed proof showed the device holding; null without one. */
    provenMemoryBytes: z.number().int().nullable(),
    nextCheckAt: z.number().int().nullable(),
  }),
  governor: z.object({
    accepting: z.boolean(),
    reason: z.string(),
    code: governorCodeSchema,
    mode: governorModeSchema,
  }),
  network: z.object({
    url: z.string(),
    sandbox: z.boolean(),
    connected: z.boolean(),
    lastError: z.string().nullable(),
    retryAt: z.number().int().nullable(),
  }),
  gpu: z.object({ name: z.string(), software: z.boolean(), matmulGflops: z.number().nullable() }),
  job: z.object({ jobId: z.string(), startedAt: z.number().int(), progress: z.number() }).nullable(),
  /** A long step under way (the benchmark), with its progress 0..1; null otherwise. */
  task: z.object({ label: z.string(), fraction: z.number().min(0).max(1) }).nullable(),
  /** Why the last request for work brought none (an empty queue, no job that fits); null after a job. */
  noJob: z.object({ wait: leaseWaitSchema, reason: z.string() }).nullable(),
  /** When the last job ended (any outcome); null before the first. */
  lastJobAt: z.number().int().nullable(),
  /** Results computed but not yet acknowledged by the network. */
  outbox: z.number().int(),
  earnings: earningsSummarySchema,
  startedAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type NodeState = z.infer<typeof nodeStateSchema>;

export const jobOutcomeSchema = z.enum(['verified', 'waiting', 'rejected', 'failed', 'abandoned']);
export const jobHistoryEntrySchema = z.object({
  jobId: z.string(),
  leaseId: z.string(),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  /** null while running or while the result waits in the outbox. */
  outcome: jobOutcomeSchema.nullable(),
  reason: z.string(),
  credited: baseUnitsSchema,
  kernelMs: z.number().nullable(),
});
export type JobHistoryEntry = z.infer<typeof jobHistoryEntrySchema>;

export const earningsBucketSchema = z.object({ start: z.number().int(), amount: baseUnitsSchema });
export type EarningsBucket = z.infer<typeof earningsBucketSchema>;

const empty = z.object({}).strict();
const started = z.object({ started: z.boolean(), message: z.string() });

/** The node's own calls (state, jobs, earnings, settings, modes); the wallet's are in wallet-api.ts. */
export const nodeCalls = {
  getState: { input: empty, output: nodeStateSchema },
  getJobs: {
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ jobs: z.array(jobHistoryEntrySchema) }),
  },
  getEarnings: {
    input: z
      .object({ bucket: z.enum(['hour', 'day']), count: z.number().int().min(1).max(366).default(24) })
      .strict(),
    output: z.object({ buckets: z.array(earningsBucketSchema) }),
  },
  /** The node's last log lines (up to 100), oldest first. */
  getLog: {
    input: empty,
    output: z.object({ lines: z.array(z.object({ at: z.number().int(), message: z.string() })) }),
  },
  exportEarningsCsv: { input: empty, output: z.object({ filename: z.string(), csv: z.string() }) },
  getSettings: { input: empty, output: nodeSettingsSchema },
  updateSettings: { input: nodeSettingsPatchSchema, output: nodeSettingsSchema },
  setMode: {
    input: z.object({ mode: z.enum(['auto', 'run-now', 'paused']) }).strict(),
    output: nodeStateSchema,
  },
  snooze: {
    input: z
      .object({
        hours: z
          .number()
          .refine(
            (h) => (SNOOZE_HOURS as readonly number[]).includes(h),
            `one of ${SNOOZE_HOURS.join(', ')}`,
          ),
      })
      .strict(),
    output: nodeStateSchema,
  },
  /** Folding@home's "finish": complete the current job, take no new one, then pause. */
  finish: { input: empty, output: nodeStateSchema },
  /** The governed GPUs' recent readings (up to 10 minutes), oldest first: sparklines on first paint. */
  getTelemetry: { input: empty, output: z.object({ samples: z.array(telemetrySampleSchema) }) },
  /** The network's explorer figures (the coordinator's /v1/stats), fetched on demand. */
  getNetworkStats: {
    input: empty,
    output: z.object({ at: z.number().int(), stats: networkStatsSchema }),
  },
  /** What a support request needs: version, platform, data folder, the cached benchmark, proof rounds. */
  getDiagnostics: {
    input: empty,
    output: z.object({
      version: z.string(),
      platform: z.string(),
      dataDir: z.string(),
      benchmark: benchmarkReportSchema.nullable(),
      proofs: z.array(proofRecordSchema),
    }),
  },
  runBenchmark: { input: empty, output: started },
  proveNow: { input: empty, output: started },
} as const;

/** Every call: its input and output. Transports validate both sides against these. */
export const dashboardCalls = { ...nodeCalls, ...walletCalls } as const;

export type DashboardCalls = typeof dashboardCalls;
export type DashboardCallName = keyof DashboardCalls;
export type CallInput<N extends DashboardCallName> = z.input<DashboardCalls[N]['input']>;
export type CallOutput<N extends DashboardCallName> = z.infer<DashboardCalls[N]['output']>;

type CallTable = Record<string, { input: z.ZodType; output: z.ZodType }>;
/** One async function per call of a table: what a transport offers and what a service implements. */
export type ApiOf<T extends CallTable> = {
  [N in keyof T]: (input: z.input<T[N]['input']>) => Promise<z.infer<T[N]['output']>>;
};
/** What a UI can do: one async function per call. The browser transport and the preload implement it. */
export type ProviderApi = ApiOf<DashboardCalls>;
/** The halves main composes: the node's calls (main/node/node-api.ts) and the wallet's (main/wallet/). */
export type NodeApi = ApiOf<typeof nodeCalls>;
export type WalletApi = ApiOf<typeof walletCalls>;

/** Pushed to every connected UI. */
export const dashboardEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: nodeStateSchema }),
  z.object({ type: z.literal('job'), job: jobHistoryEntrySchema }),
  z.object({ type: z.literal('log'), at: z.number().int(), message: z.string() }),
  z.object({ type: z.literal('telemetry'), sample: telemetrySampleSchema }),
  ...walletEventSchemas,
]);
export type DashboardEvent = z.infer<typeof dashboardEventSchema>;

export const dashboardErrorSchema = z.object({ error: z.string(), message: z.string() });
