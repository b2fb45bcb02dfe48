// Stake on this device: how much counts, the minimum to be cluster-ready and what is missing, the
// device's status, Stake (prefilled with the shortfall), Unstake with its rules said first, open
// unstake requests with their countdown and Withdraw, and the deposits seen in the vault.
// On the wallet screen, not Home: it needs the wallet's state, the signing dialog and room for lists.
import type { StakingView, WalletState } from '../../../common/wallet-api.js';
import { Badge, ResourceView, Row } from '../../app/ui.js';
import { formatIo, formatPercent, formatWhen } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { StakeForm } from './StakeForm.js';
import { stakeProgress } from './staking-math.js';
import { UnstakeForm } from './UnstakeForm.js';
import { UnstakeList } from './UnstakeList.js';
import { TxLink } from './wallet-ui.js';

function Staking({ view, wallet }: { view: StakingView; wallet: WalletState }) {
  const { stake } = view;
  const progress = stakeProgress(stake.staked, stake.minimum);
  const canSign = wallet.canSign;
  return (
    <>
      <p className="inline">
        <span className="big" data-testid="staked">
          {formatIo(stake.staked)}
        </span>
        <span className="dim">of {formatIo(stake.minimum)} minimum</span>
      </p>
      <progress
        max={1}
        value={progress.fraction}
        aria-label={`Stake toward the minimum: ${formatPercent(progress.fraction)}`}
      />
      <p className="small" data-testid="shortfall">
        {progress.met
          ? 'The minimum is met: this device can be cluster-ready once verified.'
          : `${formatIo(view.shortfall)} more to stake for cluster-ready.`}
      </p>
      <Row label="Device status">
        {view.deviceStatus ? (
          <Badge tone={view.deviceStatus === 'cluster-ready' ? 'ok' : 'neutral'}>{view.deviceStatus}</Badge>
        ) : (
          '—'
        )}
      </Row>
      {BigInt(stake.unstaking) > 0n && (
        <Row label="Unstaking (no longer counts)">{formatIo(stake.unstaking)}</Row>
      )}
      {view.originalWallet && view.originalWallet !== wallet.address && (
        <p className="small warn-text wrap">
          This stake belongs to another wallet ({view.originalWallet}): only it can withdraw.
        </p>
      )}
      {!canSign && (
        <p className="small dim">
          {wallet.kind === 'watch-only'
            ? 'A watch-only address cannot sign: import or connect a wallet to stake.'
            : wallet.kind === 'in-app' && wallet.locked
              ? 'Unlock the wallet to stake or withdraw.'
              : 'Connect a wallet that can sign to stake.'}
        </p>
      )}
      <div className="split">
        <StakeForm shortfall={view.shortfall} disabled={!canSign} />
        {BigInt(stake.staked) > 0n && <UnstakeForm view={view} />}
      </div>
      <UnstakeList view={view} canSign={canSign} />
      <h3>Deposits</h3>
      {stake.deposits.length === 0 ? (
        <p className="small dim">No deposits yet.</p>
      ) : (
        <ul className="plain" aria-label="Deposits">
          {[...stake.deposits].reverse().map((d) => (
            <li key={d.signature} className="list-item">
              <span>
                {formatIo(d.amount)}
                {d.at && <span className="dim small"> · {formatWhen(Date.parse(d.at))}</span>}
              </span>
              <TxLink pins={wallet.pins} signature={d.signature} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function StakingPanel({ wallet }: { wallet: WalletState }) {
  const staking = useApp((s) => s.staking);
  const load = useApp((s) => s.loadStaking);
  return (
    <section className="card wide" aria-labelledby="staking-title">
      <h2 id="staking-title">Stake on this device</h2>
      <ResourceView resource={staking} what="the stake" onRetry={() => void load()}>
        {(view) => <Staking view={view} wallet={wallet} />}
      </ResourceView>
    </section>
  );
}
