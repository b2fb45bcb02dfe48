// A browser wallet (Phantom, Solflare, Backpack): the node opens a one-time loopback page, the owner
// approves there, and a 'wallet' event says connected (the store then clears the waiting state).
import { useApp } from '../../store/app-store.js';
import { useNow } from '../../app/ui.js';
import { openExternal } from '../../lib/open-external.js';
import { formatCountdown } from './staking-math.js';
import { ActionError, busyProps } from './wallet-ui.js';

export function BrowserConnect() {
  const run = useApp((s) => s.walletAction);
  const busy = useApp((s) => s.walletBusy === 'browser');
  const pending = useApp((s) => s.browserPending);
  const setPending = useApp((s) => s.setBrowserPending);
  const now = useNow(1_000);
  const expired = pending !== null && pending.expiresAt <= now;

  const start = async () => {
    const result = await run('browser', (api) => api.connectBrowserWallet({}));
    if (!result.ok) return;
    setPending(result.value);
    openExternal(result.value.url);
  };

  return (
    <div className="stack" aria-label="Use a browser wallet" role="group">
      <p>
        A page opens in your usual browser. Pick Phantom, Solflare or Backpack there and approve the
        connection; this screen follows by itself.
      </p>
      {pending && !expired ? (
        <div className="waiting" role="status" data-testid="browser-waiting">
          <span className="spinner" aria-hidden="true" />
          <span>
            Waiting for your browser wallet… (the page works for another{' '}
            {formatCountdown(pending.expiresAt - now)})
          </span>
          <p className="small">
            No page opened?{' '}
            <a href={pending.url} target="_blank" rel="noreferrer noopener">
              Open it here
            </a>{' '}
            or{' '}
            <button type="button" className="link" onClick={() => setPending(null)}>
              cancel
            </button>
            .
          </p>
        </div>
      ) : (
        <div className="buttons">
          <button type="button" className="primary" onClick={() => void start()} {...busyProps(busy)}>
            {expired ? 'The page expired: open a new one' : 'Open the browser wallet page'}
          </button>
        </div>
      )}
      <ActionError action="browser" />
    </div>
  );
}
