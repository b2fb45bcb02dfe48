// The network's explorer figures (the coordinator's stats), fetched when the screen opens, on Refresh
// and every minute while it is open.
import type { CallOutput } from '../../../common/dashboard-api.js';
import { Badge, ResourceView, Row } from '../../app/ui.js';
import { formatIo, formatNumber, formatSignificant, formatWhen } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { STATUS_LABELS } from '../home/device-status.js';

export function NetworkScreen() {
  const network = useApp((s) => s.network);
  const load = useApp((s) => s.loadNetwork);
  const info = useApp((s) => s.state?.network);
  return (
    <>
      <h1>Network</h1>
      <div className="card stack">
        <p className="inline">
          <strong>{info ? (info.sandbox ? 'Sandbox network (built in)' : info.url) : 'Network'}</strong>
          {info && (
            <Badge tone={info.connected ? 'ok' : 'bad'}>{info.connected ? 'connected' : 'offline'}</Badge>
          )}
        </p>
        <div className="buttons">
          <button
            type="button"
            onClick={() => void load()}
            disabled={network.loading}
            aria-busy={network.loading}
          >
            {network.loading ? 'Refreshing…' : 'Refresh'}
          </button>
          {network.at && <span className="dim small">As of {formatWhen(network.at)}</span>}
        </div>
      </div>
      <div className="grid" data-testid="network-figures">
        <ResourceView resource={network} what="the network figures" onRetry={() => void load()}>
          {(data) => <Figures data={data} />}
        </ResourceView>
      </div>
    </>
  );
}

function Figures({ data }: { data: CallOutput<'getNetworkStats'> }) {
  const s = data.stats;
  const statuses = Object.entries(s.devicesByStatus);
  return (
    <>
      <section className="card" aria-labelledby="n-devices">
        <h2 id="n-devices">Devices</h2>
        <div className="big">{formatNumber(s.verifiedGpus, 0)}</div>
        <div className="dim small">verified GPUs</div>
        {statuses.length === 0 ? (
          <p className="dim">No devices registered.</p>
        ) : (
          statuses.map(([status, count]) => (
            <Row key={status} label={STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status}>
              {formatNumber(count, 0)}
            </Row>
          ))
        )}
      </section>
      <section className="card" aria-labelledby="n-work">
        <h2 id="n-work">Work</h2>
        <div className="big">
          {s.computeHours < 1 ? formatSignificant(s.computeHours) : formatNumber(s.computeHours, 1)}
        </div>
        <div className="dim small">compute hours</div>
        <Row label="Jobs queued">{formatNumber(s.jobsQueued, 0)}</Row>
        <Row label="Jobs verified">{formatNumber(s.jobsVerified, 0)}</Row>
        <Row label="Jobs failed">{formatNumber(s.jobsFailed, 0)}</Row>
      </section>
      <section className="card" aria-labelledby="n-io">
        <h2 id="n-io">IO</h2>
        <Row label="Credited to providers">{formatIo(s.credited)}</Row>
        <Row label="Paid out">{formatIo(s.paid)}</Row>
        <Row label="Network fees">{formatIo(s.fees)}</Row>
      </section>
    </>
  );
}
