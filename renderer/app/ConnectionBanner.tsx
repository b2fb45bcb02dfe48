// Says when the node cannot be reached and when the next try is; the transport reconnects by itself.
import { formatDuration } from '../lib/format.js';
import { useApp } from '../store/app-store.js';
import { useNow } from './ui.js';

export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  const transport = useApp((s) => s.transport);
  const hadState = useApp((s) => s.state !== null);
  const now = useNow(1_000);
  if (connection.kind === 'lost') {
    const wait = Math.max(0, connection.retryAt - now);
    return (
      <div className="banner bad" role="alert" data-testid="connection-lost">
        <strong>Connection to the node lost.</strong>
        <span>
          {hadState ? 'The figures below are from before it dropped. ' : ''}
          Reconnecting {wait > 0 ? `in ${formatDuration(wait)}` : 'now'} (attempt {connection.attempt})…
        </span>
        <button type="button" onClick={() => transport.reconnectNow()}>
          Reconnect now
        </button>
      </div>
    );
  }
  if (connection.kind === 'connecting' && hadState)
    return (
      <div className="banner warn" role="status">
        Connecting to the node…
      </div>
    );
  return null;
}
