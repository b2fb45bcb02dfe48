// Electron's side of notification-policy.ts: shows what the policy decides, reads payouts once a
// minute (the wallet may refuse when none is set up: then there is nothing to announce), and plans
// the "Starting in 5 s" notice from the governor's decisions; clicking that notice pauses the node.
import { Notification } from 'electron';
import type { NodeState, ProviderApi } from '../../common/dashboard-api.js';
import type { GovernorDecision } from '../../common/governor.js';
import {
  idleStartNotice,
  idleStartNoticeDelay,
  NotificationPolicy,
  type Notice,
} from './notification-policy.js';

const PAYOUT_POLL_MS = 60_000;

export interface DesktopNotifications {
  onState(state: NodeState): void;
  onDecision(decision: GovernorDecision): void;
  show(notice: Notice, onClick?: () => void): void;
  stop(): void;
}

export function startNotifications(api: ProviderApi, icon: string): DesktopNotifications {
  const policy = new NotificationPolicy();
  let idleTimer: NodeJS.Timeout | null = null;
  const show = (notice: Notice, onClick?: () => void) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({
      title: notice.title,
      body: notice.body,
      icon,
      silent: notice.kind !== 'payout',
    });
    if (onClick) n.on('click', onClick);
    n.show();
  };
  const pollPayouts = () =>
    void api.getPayouts({}).then(
      (view) => policy.onPayouts(view).forEach((n) => show(n)),
      () => {}, // no wallet yet: no payouts to announce
    );
  pollPayouts();
  const payoutTimer = setInterval(pollPayouts, PAYOUT_POLL_MS);
  return {
    onState: (state) => policy.onState(state, Date.now()).forEach((n) => show(n)),
    onDecision(decision) {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      const delay = idleStartNoticeDelay(decision, Date.now());
      if (delay === null) return;
      idleTimer = setTimeout(() => {
        idleTimer = null;
        show(idleStartNotice(), () => void api.setMode({ mode: 'paused' }));
      }, delay);
    },
    show,
    stop() {
      clearInterval(payoutTimer);
      if (idleTimer) clearTimeout(idleTimer);
    },
  };
}
