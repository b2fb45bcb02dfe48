// electron-updater wired to the app's own checks: download from the generic feed (channel, staged
// rollout), then verify the release signature (release-signature.ts) and install only when
// installBlocker() says nothing is in the way; a file that fails the check is deleted and never
// installed. Until it may install, it retries when the node's state changes.
import { rmSync } from 'node:fs';
import electronUpdater from 'electron-updater';
import type { NodeState } from '../../../common/dashboard-api.js';
import type { SigningRequest } from '../../../common/wallet-api.js';
import { fetchReleaseSignature, releasePublicKey, verifyRelease } from './release-signature.js';
import type { UpdateConfig } from './update-config.js';
import { installBlocker, updaterSettings, type UpdateChannel } from './update-policy.js';

const CHECK_EVERY_MS = 6 * 3600_000;

export interface AppUpdater {
  /** The node's latest state and signing requests: an update waiting to install looks again. */
  observe(state: NodeState, signing: ReadonlyMap<string, SigningRequest['state']>): void;
  stop(): void;
}

export function startUpdater(
  config: UpdateConfig,
  channel: UpdateChannel,
  log: (m: string) => void,
): AppUpdater {
  const { autoUpdater } = electronUpdater;
  const settings = updaterSettings(config.feedUrl, channel);
  autoUpdater.setFeedURL(settings.feed);
  Object.assign(autoUpdater, {
    channel: settings.channel,
    allowPrerelease: settings.allowPrerelease,
    allowDowngrade: settings.allowDowngrade,
    autoDownload: settings.autoDownload,
    autoInstallOnAppQuit: settings.autoInstallOnAppQuit,
    autoRunAppAfterInstall: settings.autoRunAppAfterInstall,
  });
  const publicKey = releasePublicKey(config.publicKey);
  let verified: { version: string } | null = null;
  let state: NodeState | null = null;
  let signing: ReadonlyMap<string, SigningRequest['state']> = new Map();

  const tryInstall = () => {
    if (!verified) return;
    if (installBlocker({ verified: true, state, signing })) return;
    log(`installing io-provider ${verified.version}`);
    autoUpdater.quitAndInstall(true, true);
  };
  autoUpdater.on('error', (error: Error) => log(`update check failed: ${error.message}`));
  autoUpdater.on('update-downloaded', (event) => {
    void (async () => {
      const fileName = event.files[0]?.url ?? event.path;
      const verdict = await verifyRelease({
        path: event.downloadedFile,
        version: event.version,
        feedSha512: event.files[0]?.sha512 ?? event.sha512,
        signature: await fetchReleaseSignature(config.feedUrl, fileName).catch(() => null),
        publicKey,
      });
      if (!verdict.ok) {
        log(`update ${event.version} refused: ${verdict.reason}`);
        rmSync(event.downloadedFile, { force: true });
        return;
      }
      verified = { version: event.version };
      tryInstall();
    })();
  });
  const check = () =>
    void autoUpdater.checkForUpdates().catch((e: Error) => log(`update check failed: ${e.message}`));
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return {
    observe(next, nextSigning) {
      state = next;
      signing = nextSigning;
      tryInstall();
    },
    stop: () => clearInterval(timer),
  };
}
