// The one sentence the owner reads first (dashboard, tray, the CLI status line): is this machine
// earning, and if not, why and until when. A pure function of the node's state, so every reason
// is testable and the UI never has to guess ("running but not earning" is the complaint FACTS.md
// lists first among providers).
import type { NodeState } from '../../common/dashboard-api.js';

export type HeadlineInput = Omit<NodeState, 'headline' | 'earning'>;

/** Within this of a job starting or ending, the headline says "running jobs" without detail. */
const STEADY_MS = 3_000;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** "in 45 s", "in 4 min", "in 2.5 h"; "now" when due. */
export function inWords(at: number | null, now: number): string {
  if (at === null) return '';
  const ms = at - now;
  if (ms <= 1_000) return 'now';
  if (ms < 60_000) return `in ${Math.ceil(ms / 1000)} s`;
  if (ms < 3_600_000) return `in ${Math.ceil(ms / 60_000)} min`;
  return `in ${(ms / 3_600_000).toFixed(1)} h`;
}

export function headline(s: HeadlineInput, now: number): { earning: boolean; headline: string } {
  const no = (why: string) => ({ earning: false, headline: `Not earning: ${why}` });
  const when = (at: number | null) => (at === null ? '' : ` (next check ${inWords(at, now)})`);
  const kept = s.outbox ? `; ${s.outbox} result${s.outbox > 1 ? 's' : ''} kept to send` : '';
  switch (s.phase) {
    case 'stopped':
      return no(s.network.lastError ? `the node stopped: ${s.network.lastError}` : 'the node is stopped');
    case 'stopping':
      return no('stopping (finishing the current chunk, sending results)');
    case 'starting':
      return no('starting');
    case 'benchmarking':
      return no('measuring this GPU (first start, or new hardware or driver)');
    case 'connecting':
    case 'registering':
      return no(`connecting to the network at ${s.network.url}`);
    case 'offline': {
      const retry = s.network.retryAt === null ? '' : `, retrying ${inWords(s.network.retryAt, now)}`;
      return no(`the network cannot be reached${retry}${kept}`);
    }
    case 'proving':
      return no('proving this GPU to the network (a timed test, keep other GPU work off)');
    default:
      break;
  }
  const status = s.device.status;
  if (status === 'pending') return no(`waiting for verification${when(s.device.nextCheckAt)}`);
  if (status === 'failed')
    // The network's reason reads "Proof of GPU failed: timed out after …" or "… overdue since …".
    return no(`${lowerFirst(s.device.statusReason.replace(/\.$/, ''))}${when(s.device.nextCheckAt)}`);
  if (status === 'blocked') return no(`blocked by the network: ${s.device.statusReason}`);
  if (status === 'inactive')
    return no('the network has marked this device inactive; it returns on the next heartbeat');
  if (s.phase === 'computing' && s.job) {
    if (s.governor.code === 'finishing')
      return { earning: true, headline: `Earning: finishing the current job, then pausing` };
    // Paused between two chunks: the job waits in the worker for a while, then is given back.
    if (!s.governor.accepting) return no(`${lowerFirst(s.governor.reason)} (the current job waits)`);
    // Jobs of a second or less would flash their percentage; a steady line reads better.
    if (now - s.job.startedAt < STEADY_MS) return { earning: true, headline: 'Earning: running jobs' };
    return { earning: true, headline: `Earning: running a job (${Math.round(s.job.progress * 100)} %)` };
  }
  if (!s.governor.accepting) return no(lowerFirst(s.governor.reason));
  // Jobs wait, but none fits what this device proved: nothing will come until that changes.
  if (s.noJob?.wait === 'no-fit') return no(lowerFirst(s.noJob.reason.replace(/\.$/, '')));
  if (s.lastJobAt !== null && now - s.lastJobAt < STEADY_MS)
    return { earning: true, headline: 'Earning: running jobs' };
  return { earning: true, headline: `Earning: ready, waiting for the next job` };
}
