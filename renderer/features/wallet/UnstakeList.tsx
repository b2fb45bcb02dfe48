// Unstake requests: a live countdown to release, Withdraw once releasable (the node prepares the
// release transaction, co-signed by the network; the owner's wallet signs in the dialog).
import type { Unstake } from '../../../common/staking-api.js';
import type { StakingView } from '../../../common/wallet-api.js';
import { Badge, useNow } from '../../app/ui.js';
import { formatIo, formatWhen } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { formatCountdown, sortUnstakes, unstakePhase } from './staking-math.js';
import { ActionError, busyProps, TxLink } from './wallet-ui.js';

function UnstakeRow({ u, canSign, now }: { u: Unstake; canSign: boolean; now: number }) {
  const run = useApp((s) => s.walletAction);
  const open = useApp((s) => s.openSigning);
  const pins = useApp((s) => s.wallet.data?.pins);
  const busy = useApp((s) => s.walletBusy === 'withdraw');
  const phase = unstakePhase(u, now);
  const withdraw = async () => {
    const result = await run('withdraw', (api) => api.prepareWithdraw({ requestId: u.requestId }));
    if (result.ok) open(result.value);
  };
  return (
    <li className="list-item" data-state={u.state}>
      <span>
        <strong>{formatIo(u.amount)}</strong>{' '}
        {phase.kind === 'cooldown' &&
          (phase.left > 0 ? (
            <span data-testid="countdown">
              releasable in {formatCountdown(phase.left)}
              <span className="dim small"> ({formatWhen(Date.parse(u.releaseAt), now)})</span>
            </span>
          ) : (
            <span className="dim">cooldown over: waiting for the network</span>
          ))}
        {phase.kind === 'releasable' && <Badge tone="ok">ready to withdraw</Badge>}
        {phase.kind === 'releasing' && (
          <>
            <Badge tone="warn">withdrawing</Badge>
            {phase.reason && <span className="small dim wrap"> {phase.reason}</span>}
          </>
        )}
        {phase.kind === 'released' && <Badge tone="neutral">withdrawn</Badge>}
      </span>
      <span>
        {(phase.kind === 'releasable' || phase.kind === 'releasing') && (
          <button
            type="button"
            className="primary"
            onClick={() => void withdraw()}
            {...busyProps(busy)}
            disabled={busy || !canSign}
          >
            Withdraw…
          </button>
        )}
        {u.signature && pins && <TxLink pins={pins} signature={u.signature} />}
      </span>
    </li>
  );
}

export function UnstakeList({ view, canSign }: { view: StakingView; canSign: boolean }) {
  const unstakes = sortUnstakes(view.stake.unstakes);
  const ticking = unstakes.some(
    (u) => u.state === 'cooldown' && Date.parse(u.releaseAt) - Date.now() < 3_600_000,
  );
  const now = useNow(ticking ? 1_000 : 30_000);
  if (unstakes.length === 0) return null;
  return (
    <>
      <h3>Unstake requests</h3>
      <ul className="plain" aria-label="Unstake requests" data-testid="unstakes">
        {unstakes.map((u) => (
          <UnstakeRow key={u.requestId} u={u} canSign={canSign} now={now} />
        ))}
      </ul>
      <ActionError action="withdraw" />
    </>
  );
}
