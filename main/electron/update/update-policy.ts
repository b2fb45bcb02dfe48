// When the app may restart into a verified update, and how electron-updater is set up. An update
// never interrupts work the owner is paid for or a transaction the owner is signing: a job in the
// GPU worker, a proof round, or a signing request that is pending or with the signer.
import type { NodeState } from '../../../common/dashboard-api.js';
import type { SigningRequest } from '../../../common/wallet-api.js';

export type UpdateChannel = 'stable' | 'beta';

export interface InstallCheck {
  verified: boolean;
  state: NodeState | null;
  /** Signing requests by id, as last pushed ('signing' events). */
  signing: ReadonlyMap<string, SigningRequest['state']>;
}

const SIGNING_OPEN = new Set<SigningRequest['state']>(['pending', 'signing', 'sent']);

/** null: install now; else the reason to wait (or, unverified, never). */
export function installBlocker(c: InstallCheck): string | null {
  if (!c.verified) return 'the update’s signature was not verified';
  if (!c.state) return 'the node has not reported its state yet';
  if (c.state.job) return 'a job is running';
  if (c.state.phase === 'proving' || c.state.phase === 'benchmarking') return `the node is ${c.state.phase}`;
  if ([...c.signing.values()].some((s) => SIGNING_OPEN.has(s))) return 'a transaction is being signed';
  return null;
}

/**
 * electron-updater's settings: a generic feed (latest.yml / beta.yml), the beta channel also takes
 * stable releases, never an older version. The feed's stagingPercentage (staged rollout) is applied
 * by electron-updater itself with a per-install random id. Nothing installs on quit by itself: only
 * after our signature check and installBlocker().
 */
export function updaterSettings(feedUrl: string, channel: UpdateChannel) {
  const url = new URL(feedUrl);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && url.hostname === '127.0.0.1'))
    throw new Error(`the update feed must be https (or loopback for tests): ${feedUrl}`);
  return {
    feed: { provider: 'generic' as const, url: url.href, channel: channel === 'beta' ? 'beta' : 'latest' },
    channel: channel === 'beta' ? 'beta' : 'latest',
    allowPrerelease: channel === 'beta',
    allowDowngrade: false,
    autoDownload: true,
    autoInstallOnAppQuit: false,
    autoRunAppAfterInstall: true,
  };
}
