// The node's job history: when, how long, the verification result and the reward (job events keep it
// current).
import { useState } from 'react';
import type { JobHistoryEntry } from '../../../common/dashboard-api.js';
import { Empty, ErrorBox, Loading } from '../../app/ui.js';
import { formatDuration, formatIo, formatWhen } from '../../lib/format.js';

const OUTCOME_LABELS: Record<NonNullable<JobHistoryEntry['outcome']>, string> = {
  verified: 'verified',
  waiting: 'waiting for verification',
  rejected: 'rejected',
  failed: 'failed',
  abandoned: 'abandoned',
};

const FIRST_ROWS = 20;

export function JobsTable({ jobs, error }: { jobs: JobHistoryEntry[] | null; error: string | null }) {
  const [all, setAll] = useState(false);
  if (jobs === null)
    return error ? <ErrorBox title="Could not load the jobs" message={error} /> : <Loading what="the jobs" />;
  if (jobs.length === 0)
    return (
      <Empty>No jobs yet. The first one arrives once the device is verified and allowed to compute.</Empty>
    );
  return (
    <div className="table-wrap">
      <table data-testid="jobs">
        <caption className="visually-hidden">Jobs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col" className="hide-narrow">
              Started
            </th>
            <th scope="col" className="r hide-narrow">
              Duration
            </th>
            <th scope="col">Result</th>
            <th scope="col" className="r">
              Reward
            </th>
          </tr>
        </thead>
        <tbody>
          {(all ? jobs : jobs.slice(0, FIRST_ROWS)).map((j) => {
            const outcome = j.outcome ?? (j.finishedAt === null ? 'running' : 'waiting');
            return (
              <tr key={j.leaseId} data-outcome={outcome}>
                <td className="id mono" title={j.jobId}>
                  {j.jobId}
                </td>
                <td className="hide-narrow">{formatWhen(j.startedAt)}</td>
                <td className="r hide-narrow">
                  {j.finishedAt !== null ? formatDuration(j.finishedAt - j.startedAt) : '—'}
                  {j.kernelMs !== null && <div className="dim small">GPU {formatDuration(j.kernelMs)}</div>}
                </td>
                <td className={`o-${outcome}`}>
                  {j.outcome ? OUTCOME_LABELS[j.outcome] : j.finishedAt === null ? 'running' : 'sending'}
                  {j.reason && <div className="dim small wrap">{j.reason}</div>}
                </td>
                <td className="r nowrap">{formatIo(j.credited)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!all && jobs.length > FIRST_ROWS && (
        <p className="buttons">
          <button type="button" onClick={() => setAll(true)}>
            Show all {jobs.length} jobs
          </button>
        </p>
      )}
    </div>
  );
}
