// What the wallet holds on chain: SOL (for network fees) and IO, refreshed on 'wallet' events and
// after a transaction; on the sandbox, a faucet for play SOL and IO.
import type { WalletState } from '../../../common/wallet-api.js';
import { ResourceView, Row } from '../../app/ui.js';
import { formatIo, formatWhen } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { formatSol } from './wallet-format.js';
import { ActionError, busyProps } from './wallet-ui.js';

export function BalancesCard({ wallet }: { wallet: WalletState }) {
  const balances = useApp((s) => s.balances);
  const load = useApp((s) => s.loadBalances);
  const loadHistory = useApp((s) => s.loadWalletHistory);
  const run = useApp((s) => s.walletAction);
  const faucetBusy = useApp((s) => s.walletBusy === 'faucet');
  const faucet = async () => {
    const result = await run('faucet', (api) => api.sandboxFaucet({}));
    if (result.ok) await Promise.all([load(), loadHistory()]);
  };
  return (
    <section className="card" aria-labelledby="balances-title">
      <h2 id="balances-title">Balances</h2>
      <ResourceView resource={balances} what="the balances" onRetry={() => void load()}>
        {(b) => (
          <>
            <div className="big" data-testid="balance-io">
              {formatIo(b.io)}
            </div>
            <Row label="SOL (pays network fees)">
              <span data-testid="balance-sol">{formatSol(b.lamports)}</span>
            </Row>
            <Row label="IO token account">
              {b.ioAccount ? (
                <span className="mono wrap small">{b.ioAccount}</span>
              ) : (
                <span className="dim">none yet: made by the first IO it receives</span>
              )}
            </Row>
            {BigInt(b.lamports) === 0n && (
              <p className="small warn-text">
                With no SOL this wallet cannot pay the network fee of a stake or withdrawal.
              </p>
            )}
            <p className="small dim">Read from the chain at {formatWhen(b.at)}.</p>
          </>
        )}
      </ResourceView>
      <div className="buttons">
        <button type="button" onClick={() => void load()} {...busyProps(balances.loading)}>
          Refresh
        </button>
        {wallet.pins.cluster === 'sandbox' && (
          <button type="button" onClick={() => void faucet()} {...busyProps(faucetBusy)}>
            Get sandbox SOL and IO
          </button>
        )}
      </div>
      <ActionError action="faucet" />
    </section>
  );
}
