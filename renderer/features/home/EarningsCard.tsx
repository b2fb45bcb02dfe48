import type { NodeState } from '../../../common/dashboard-api.js';
import { Row } from '../../app/ui.js';
import { formatIo, formatNumber } from '../../lib/format.js';

export function EarningsCard({ state }: { state: NodeState }) {
  const e = state.earnings;
  return (
    <section className="card" aria-labelledby="earnings-title">
      <h2 id="earnings-title">Earnings</h2>
      <div className="dim small">Today</div>
      <div className="big" data-testid="today">
        {formatIo(e.today)}
      </div>
      <Row label="Predicted next 24 h">
        <span data-testid="predicted">{formatIo(e.predicted24h)}</span>
      </Row>
      <Row label="Pending">{formatIo(e.pending)}</Row>
      <Row label="Verified">
        <span data-testid="verified">{formatIo(e.verified)}</span>
      </Row>
      <Row label="Paid">{formatIo(e.paid)}</Row>
      <Row label="Jobs verified">{formatNumber(e.jobsVerified, 0)}</Row>
      {(e.jobsWaiting > 0 || e.jobsRejected > 0) && (
        <Row label="Jobs waiting · rejected">
          {formatNumber(e.jobsWaiting, 0)} · {formatNumber(e.jobsRejected, 0)}
        </Row>
      )}
      <p className="small">
        <a href="#/earnings">Charts, jobs and CSV export</a>
      </p>
    </section>
  );
}
