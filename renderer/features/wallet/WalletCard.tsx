// The wallet the app holds: its kind and connection (from the adapter's events), the address with a
// copy button, unlock or lock, and the folded-away manage actions.
import type { WalletState } from '../../../common/wallet-api.js';
import { Badge, Row } from '../../app/ui.js';
import { useApp } from '../../store/app-store.js';
import { ManageWallet } from './ManageWallet.js';
import { UnlockForm } from './UnlockForm.js';
import { KIND_HINTS, KIND_LABELS, ORIGIN_LABELS } from './wallet-format.js';
import { ActionError, busyProps, CopyButton } from './wallet-ui.js';

function ConnectionBadge({ wallet }: { wallet: WalletState }) {
  const status = useApp((s) => s.adapterStatus);
  if (wallet.kind === 'watch-only') return <Badge tone="neutral">Watch-only: cannot sign</Badge>;
  if (wallet.kind === 'in-app' && wallet.locked) return <Badge tone="warn">Locked</Badge>;
  if (!status) return <Badge tone="neutral">Checking…</Badge>;
  return status.connected ? (
    <Badge tone="ok">{wallet.canSign ? 'Connected: can sign' : 'Connected'}</Badge>
  ) : (
    <Badge tone="warn">Not connected</Badge>
  );
}

export function WalletCard({ wallet }: { wallet: WalletState }) {
  const adapter = useApp((s) => s.adapter);
  const run = useApp((s) => s.walletAction);
  const apply = useApp((s) => s.applyWallet);
  const busy = useApp((s) => s.walletBusy === 'lock');
  const adapterError = useApp((s) => s.adapterStatus?.error ?? null);
  const lock = async () => {
    const result = await run('lock', async (api) => {
      if (adapter) {
        await adapter.disconnect();
        return adapter.walletState ?? api.getWallet({});
      }
      return api.lockWallet({});
    });
    if (result.ok) apply(result.value);
  };
  return (
    <section className="card" aria-labelledby="wallet-title">
      <h2 id="wallet-title">Your wallet</h2>
      <p className="inline">
        <strong>{KIND_LABELS[wallet.kind]}</strong>
        <ConnectionBadge wallet={wallet} />
      </p>
      <p className="small dim">
        {KIND_HINTS[wallet.kind]}
        {wallet.origin && ORIGIN_LABELS[wallet.origin] ? ` ${capital(ORIGIN_LABELS[wallet.origin]!)}.` : ''}
      </p>
      {wallet.address && (
        <Row label="Address">
          <span className="address">
            <span className="mono wrap" data-testid="wallet-address">
              {wallet.address}
            </span>
            <CopyButton text={wallet.address} label="Copy" />
          </span>
        </Row>
      )}
      {wallet.kind === 'in-app' && wallet.locked && <UnlockForm />}
      {wallet.kind === 'in-app' && !wallet.locked && (
        <div className="buttons">
          <button type="button" onClick={() => void lock()} {...busyProps(busy)}>
            Lock
          </button>
          <span className="small dim">
            Lock it when you step away: nothing can be signed until it is unlocked.
          </span>
        </div>
      )}
      <ActionError action="lock" />
      {adapterError && wallet.kind !== 'none' && !(wallet.kind === 'in-app' && wallet.locked) && (
        <p className="small dim wrap">Wallet adapter: {adapterError}</p>
      )}
      <ManageWallet wallet={wallet} />
    </section>
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
