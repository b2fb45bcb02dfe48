// The sentence that says whether this PC earns and, under it, why: the governor's reason, the
// device's status and the network, each only when it adds something.
import type { NodeState } from '../../../common/dashboard-api.js';
import { formatDuration, formatRelative } from '../../lib/format.js';
import { useNow } from '../../app/ui.js';

export function Headline({ state }: { state: NodeState }) {
  const now = useNow(5_000);
  const reasons: string[] = [];
  if (state.governor.reason) reasons.push(state.governor.reason);
  if (state.device.statusReason && !state.earning) reasons.push(state.device.statusReason);
  if (!state.network.connected && state.network.lastError)
    reasons.push(
      `Network: ${state.network.lastError}${state.network.retryAt ? ` (next try ${formatRelative(state.network.retryAt, now)})` : ''}`,
    );
  if (state.outbox > 0)
    reasons.push(
      state.outbox === 1
        ? '1 result waits to be sent to the network.'
        : `${state.outbox} results wait to be sent to the network.`,
    );
  return (
    <section className={`card wide headline ${state.earning ? 'earning' : ''}`} aria-labelledby="headline">
      <h2>Now</h2>
      <p id="headline" className="headline-text" data-earning={state.earning}>
        {state.headline}
      </p>
      {state.job && (
        <p className="small">
          Running job <span className="mono wrap">{state.job.jobId}</span> for{' '}
          {formatDuration(Math.max(0, now - state.job.startedAt))}
        </p>
      )}
      {state.task && (
        <div className="small">
          {state.task.label}
          <progress max={1} value={state.task.fraction} aria-label={state.task.label} />
        </div>
      )}
      {reasons.length > 0 && (
        <ul className="why" aria-label="Why">
          {reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
