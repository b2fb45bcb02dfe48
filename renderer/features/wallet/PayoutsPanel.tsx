// Payouts: what a claim pays now (net of the network fee, with gross and fee shown before
// confirming), why Claim is disabled when it is, a claim on its way, auto-claim, and past payouts.
import { useState } from 'react';
import type { PayoutsView, WalletState } from '../../../common/wallet-api.js';
import { ResourceView, Row } from '../../app/ui.js';
import { formatIo, formatWhen } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { AutoClaimForm } from './AutoClaimForm.js';
import { PayoutsTable } from './PayoutsTable.js';
import { claimBlocker, feePreview } from './payout-math.js';
import { ActionError, busyProps } from './wallet-ui.js';

function Payouts({ view, wallet }: { view: PayoutsView; wallet: WalletState }) {
  const run = useApp((s) => s.walletAction);
  const load = useApp((s) => s.loadPayouts);
  const setPayouts = useApp((s) => s.setPayouts);
  const busy = useApp((s) => s.walletBusy === 'claim');
  const [confirming, setConfirming] = useState(false);
  const fee = feePreview(view);
  const blocker = claimBlocker(view, wallet);
  const claim = async () => {
    const result = await run('claim', (api) => api.claim({}));
    setConfirming(false);
    // The answer is the new view; after a refusal, reload (the node's figures may have moved).
    if (result.ok) setPayouts(result.value);
    else void load();
  };
  return (
    <>
      <div className="dim small">Claimable now</div>
      <div className="big" data-testid="claimable">
        {formatIo(fee.net)}
      </div>
      <Row label="Verified earnings (gross)">{formatIo(fee.gross)}</Row>
      <Row label={`Network fee (${fee.percent})`}>−{formatIo(fee.fee)}</Row>
      <Row label="Minimum payout">{formatIo(view.minPayout)}</Row>
      {fee.mismatch && (
        <p className="small warn-text">
          The node’s figures do not add up (gross − fee ≠ net); the claim pays the net.
        </p>
      )}
      {view.inFlight && (
        <p className="small" role="status" data-testid="claim-in-flight">
          A claim is on its way since {formatWhen(view.inFlight.since)}.
        </p>
      )}
      {confirming ? (
        <div className="confirm-box" role="group" aria-labelledby="claim-confirm-title">
          <p id="claim-confirm-title">
            <strong>Claim {formatIo(fee.net)}?</strong>
          </p>
          <ul>
            <li>
              {formatIo(fee.gross)} verified, minus the network’s fee of {fee.percent} ({formatIo(fee.fee)}).
            </li>
            <li className="wrap">Paid in IO to {wallet.address}. The network pays the transaction fee.</li>
          </ul>
          <div className="buttons">
            <button type="button" className="primary" onClick={() => void claim()} {...busyProps(busy)}>
              Claim {formatIo(fee.net)}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Not now
            </button>
          </div>
        </div>
      ) : (
        <div className="buttons">
          <button
            type="button"
            className="primary"
            disabled={blocker !== null}
            aria-describedby={blocker ? 'claim-blocker' : undefined}
            onClick={() => setConfirming(true)}
          >
            Claim…
          </button>
        </div>
      )}
      {blocker && !confirming && (
        <p className="small dim" id="claim-blocker">
          {blocker}
        </p>
      )}
      <ActionError action="claim" />
      <AutoClaimForm wallet={wallet} />
      <PayoutsTable payouts={view.payouts} pins={wallet.pins} />
    </>
  );
}

export function PayoutsPanel({ wallet }: { wallet: WalletState }) {
  const payouts = useApp((s) => s.payouts);
  const load = useApp((s) => s.loadPayouts);
  return (
    <section className="card wide" aria-labelledby="payouts-title">
      <h2 id="payouts-title">Payouts</h2>
      <ResourceView resource={payouts} what="the payouts" onRetry={() => void load()}>
        {(view) => <Payouts view={view} wallet={wallet} />}
      </ResourceView>
    </section>
  );
}
