// Which desktop notifications to show, decided from what the node reports, one step at a time: the
// device passed (or failed) verification, the GPU is held back for heat, a payout was sent, and the
// notice before an idle start ("Starting in 5 s", clicking it keeps the PC paused). Pure: the adapter
// (notifications.ts) feeds it states, payouts and governor decisions and shows what comes out.
// Nothing is announced for what was already true when the app started.
import type { NodeState } from '../../common/dashboard-api.js';
import type { GovernorDecision } from '../../common/governor.js';
import { formatIo } from '../../common/io-units.js';
import type { PayoutsView } from '../../common/wallet-api.js';

export interface Notice {
  kind: 'verified' | 'verification-failed' | 'heat' | 'payout' | 'idle-start' | 'in-tray';
  title: string;
  body: string;
}

export const IDLE_START_NOTICE_MS = 5_000;
/** Heat can come and go every few minutes on a warm day: say it at most this often. */
export const HEAT_REPEAT_MS = 30 * 60_000;

const VERIFIED = new Set(['verified', 'cluster-ready']);
const HEAT = new Set(['too-hot', 'thermal']);

export class NotificationPolicy {
  private last: NodeState | null = null;
  private heatSaidAt = -Infinity;
  private paidSeen: Set<string> | null = null;

  /** A new node state: what changed that the owner should hear about. */
  onState(state: NodeState, now: number): Notice[] {
    const prev = this.last;
    this.last = state;
    if (!prev) return [];
    const notices: Notice[] = [];
    const was = prev.device.status ?? '';
    const is = state.device.status ?? '';
    if (VERIFIED.has(is) && !VERIFIED.has(was))
      notices.push({
        kind: 'verified',
        title: 'Device verified',
        body: `The network checked this GPU${state.device.provenClass ? ` (${state.device.provenClass})` : ''}: it can earn now.`,
      });
    if (is === 'failed' && was !== 'failed')
      notices.push({
        kind: 'verification-failed',
        title: 'Verification failed',
        body: state.device.statusReason || 'The network did not accept this GPU’s proof.',
      });
    if (
      HEAT.has(state.governor.code) &&
      !HEAT.has(prev.governor.code) &&
      now - this.heatSaidAt >= HEAT_REPEAT_MS
    ) {
      this.heatSaidAt = now;
      notices.push({ kind: 'heat', title: 'Held back for heat', body: state.governor.reason });
    }
    return notices;
  }

  /** The payouts as last read: each one newly paid is announced; the first read only sets the baseline. */
  onPayouts(view: PayoutsView): Notice[] {
    const paid = view.payouts.filter((p) => p.state === 'paid');
    if (!this.paidSeen) {
      this.paidSeen = new Set(paid.map((p) => p.payoutId));
      return [];
    }
    const fresh = paid.filter((p) => !this.paidSeen!.has(p.payoutId));
    for (const p of fresh) this.paidSeen.add(p.payoutId);
    return fresh.map((p) => ({
      kind: 'payout',
      title: 'Payout sent',
      body: `${formatIo(BigInt(p.amount))} to ${p.wallet.slice(0, 4)}…${p.wallet.slice(-4)}`,
    }));
  }
}

/**
 * When to show "Starting in 5 s" for a governor decision: Auto is waiting for idle and knows when
 * the threshold is reached (`until`). Returns the delay in ms from `now`, or null for no notice.
 * A new decision (the owner moved the mouse: a later `until`) replaces the plan.
 */
export function idleStartNoticeDelay(decision: GovernorDecision, now: number): number | null {
  if (decision.code !== 'waiting-idle' || decision.until === undefined) return null;
  const at = decision.until - IDLE_START_NOTICE_MS;
  if (decision.until <= now) return null;
  return Math.max(0, at - now);
}

export const idleStartNotice = (): Notice => ({
  kind: 'idle-start',
  title: 'Starting in 5 s',
  body: 'Your PC is idle: io-provider starts computing. Click to stay paused.',
});

export const inTrayNotice = (): Notice => ({
  kind: 'in-tray',
  title: 'io-provider is still running',
  body: 'It keeps earning from the tray. Quit it from the tray menu.',
});
