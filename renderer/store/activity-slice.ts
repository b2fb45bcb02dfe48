// What the node pushes as it works: jobs, log lines and GPU readings. Fetched once per connection,
// then kept current by events (renderer/store/bridge.ts).
import type { StateCreator } from 'zustand';
import type { JobHistoryEntry, TelemetrySample } from '../../common/dashboard-api.js';
import type { AppStore } from './app-store.js';

export interface LogLine {
  at: number;
  message: string;
}

export const MAX_LOG_LINES = 300;
export const TELEMETRY_WINDOW_MS = 10 * 60_000;
export const MAX_JOBS = 100;

export interface ActivitySlice {
  jobs: JobHistoryEntry[] | null;
  jobsError: string | null;
  log: LogLine[] | null;
  telemetry: TelemetrySample[] | null;
  setJobs(jobs: JobHistoryEntry[] | null, error?: string | null): void;
  upsertJob(job: JobHistoryEntry): void;
  setLog(lines: LogLine[]): void;
  appendLog(line: LogLine): void;
  setTelemetry(samples: TelemetrySample[]): void;
  appendTelemetry(sample: TelemetrySample): void;
}

export const activitySlice: StateCreator<AppStore, [], [], ActivitySlice> = (set) => ({
  jobs: null,
  jobsError: null,
  log: null,
  telemetry: null,
  setJobs: (jobs, error = null) => set((s) => ({ jobs: jobs ?? s.jobs, jobsError: error })),
  upsertJob: (job) =>
    set((s) => {
      const jobs = s.jobs ?? [];
      const at = jobs.findIndex((j) => j.leaseId === job.leaseId);
      const next = at >= 0 ? jobs.map((j, i) => (i === at ? job : j)) : [job, ...jobs];
      return { jobs: next.slice(0, MAX_JOBS) };
    }),
  setLog: (lines) => set({ log: lines.slice(-MAX_LOG_LINES) }),
  appendLog: (line) => set((s) => ({ log: [...(s.log ?? []), line].slice(-MAX_LOG_LINES) })),
  setTelemetry: (samples) => set({ telemetry: samples }),
  appendTelemetry: (sample) =>
    set((s) => ({
      telemetry: [...(s.telemetry ?? []), sample].filter((x) => x.at > sample.at - TELEMETRY_WINDOW_MS),
    })),
});
