// Pending / verified / paid totals (the node's state), credits per hour and day as charts or tables,
// the CSV export and the job history.
import { useState } from 'react';
import { Loading, ResourceView, Row } from '../../app/ui.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatIo, formatWhen } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { EarningsChart, SPAN_LABELS, type Span } from './EarningsChart.js';
import { JobsTable } from './JobsTable.js';

export function EarningsScreen() {
  const state = useApp((s) => s.state);
  const earnings = useApp((s) => s.earnings);
  const load = useApp((s) => s.loadEarnings);
  const jobs = useApp((s) => s.jobs);
  const jobsError = useApp((s) => s.jobsError);
  const transport = useApp((s) => s.transport);
  const [span, setSpan] = useState<Span>('hours24');
  const [csvError, setCsvError] = useState<string | null>(null);
  if (!state) return <Loading what="the earnings" />;
  const e = state.earnings;
  return (
    <>
      <h1>Earnings</h1>
      <div className="grid">
        <section className="card" aria-labelledby="totals-title">
          <h2 id="totals-title">Totals</h2>
          <Row label="Pending">
            <span data-testid="pending">{formatIo(e.pending)}</span>
          </Row>
          <Row label="Verified">
            <span data-testid="verified">{formatIo(e.verified)}</span>
          </Row>
          <Row label="Paid">
            <span data-testid="paid">{formatIo(e.paid)}</span>
          </Row>
          <p className="dim small">
            {e.reconciledAt
              ? `Matched the network’s books at ${formatWhen(e.reconciledAt)}.`
              : 'Local figures: not matched with the network yet.'}
          </p>
        </section>
        <section className="card" aria-labelledby="today-title">
          <h2 id="today-title">Today</h2>
          <div className="big">{formatIo(e.today)}</div>
          <Row label="Last hour">{formatIo(e.lastHour)}</Row>
          <Row label="Predicted next 24 h">{formatIo(e.predicted24h)}</Row>
          <div className="buttons">
            <button
              type="button"
              onClick={() => {
                setCsvError(null);
                transport.downloadEarningsCsv().catch((error: unknown) => setCsvError(errorMessage(error)));
              }}
            >
              Export CSV
            </button>
          </div>
          {csvError && (
            <p className="error-text" role="alert">
              {csvError}
            </p>
          )}
        </section>
        <section className="card wide" aria-labelledby="credits-title">
          <h2 id="credits-title">Credits</h2>
          <div className="tabs" role="group" aria-label="Period">
            {(Object.keys(SPAN_LABELS) as Span[]).map((s) => (
              <button key={s} type="button" aria-pressed={s === span} onClick={() => setSpan(s)}>
                {SPAN_LABELS[s]}
              </button>
            ))}
          </div>
          <ResourceView resource={earnings} what="the earnings history" onRetry={() => void load()}>
            {(series) => <EarningsChart span={span} buckets={series[span]} />}
          </ResourceView>
        </section>
        <section className="card wide" aria-labelledby="jobs-title">
          <h2 id="jobs-title">Jobs</h2>
          <JobsTable jobs={jobs} error={jobsError} />
        </section>
      </div>
    </>
  );
}
