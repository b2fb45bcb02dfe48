// The device as the network sees it: status and why, the next proof, what it proved.
import type { NodeState } from '../../../common/dashboard-api.js';
import { Badge, Row, useNow } from '../../app/ui.js';
import { formatBytes, formatRelative, formatWhen } from '../../lib/format.js';
import { STATUS_LABELS, statusTone } from './device-status.js';

export function DeviceCard({ state }: { state: NodeState }) {
  const now = useNow(15_000);
  const { device } = state;
  return (
    <section className="card" aria-labelledby="device-title">
      <h2 id="device-title">Device</h2>
      <p className="inline">
        <strong className="wrap" data-testid="device-name">
          {device.name || 'Unnamed device'}
        </strong>
        <Badge tone={statusTone(device.status)}>
          {device.status ? STATUS_LABELS[device.status] : 'Not registered'}
        </Badge>
      </p>
      {device.statusReason && <p className="small dim wrap">{device.statusReason}</p>}
      <Row label="Device id">
        <span className="mono wrap" data-testid="device-id">
          {device.id}
        </span>
      </Row>
      <Row label="Next proof">
        {device.nextCheckAt ? (
          <span title={formatWhen(device.nextCheckAt, now)}>{formatRelative(device.nextCheckAt, now)}</span>
        ) : (
          '—'
        )}
      </Row>
      <Row label="Proven class">
        {device.provenClass ??
          (device.status === 'verified' || device.status === 'cluster-ready'
            ? 'unclassed'
            : 'not proven yet')}
      </Row>
      <Row label="Proven memory">
        {device.provenMemoryBytes !== null ? formatBytes(device.provenMemoryBytes) : '—'}
      </Row>
      <Row label="Network">
        {state.network.sandbox ? 'Sandbox' : <span className="wrap">{state.network.url}</span>}{' '}
        <Badge tone={state.network.connected ? 'ok' : 'bad'}>
          {state.network.connected ? 'connected' : 'offline'}
        </Badge>
      </Row>
    </section>
  );
}
