// Unstake: the amount, then the rules (cooldown, stops counting at once, cluster-ready at risk,
// original wallet only) said before the owner confirms. No signature: the device asks the network.
import { useState, type FormEvent } from 'react';
import type { StakingView } from '../../../common/wallet-api.js';
import { formatIo } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { unstakeRules } from './staking-math.js';
import { ActionError, busyProps, Field } from './wallet-ui.js';
import { checkAmount } from './wallet-validation.js';

export function UnstakeForm({ view }: { view: StakingView }) {
  const run = useApp((s) => s.walletAction);
  const setStaking = useApp((s) => s.setStakingView);
  const busy = useApp((s) => s.walletBusy === 'unstake');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [review, setReview] = useState<bigint | null>(null);
  const staked = BigInt(view.stake.staked);

  const next = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkAmount(amount, { max: staked, maxLabel: `your stake (${formatIo(staked)})` });
    setError(checked.ok ? null : checked.error);
    setReview(checked.ok ? checked.value : null);
  };
  const confirm = async () => {
    const result = await run('unstake', (api) => api.unstake({ amount: amount.trim() }));
    if (!result.ok) return;
    setReview(null);
    setAmount('');
    setStaking(result.value);
  };

  return (
    <form onSubmit={next} noValidate aria-label="Unstake">
      <Field
        label="Amount to unstake (IO)"
        inputMode="decimal"
        value={amount}
        onChange={(e) => (setAmount(e.target.value), setReview(null))}
        error={error}
      />
      {review === null ? (
        <div className="buttons">
          <button type="submit">Unstake…</button>
        </div>
      ) : (
        <div className="confirm-box" role="group" aria-labelledby="unstake-rules-title">
          <p id="unstake-rules-title">
            <strong>Unstake {formatIo(review)}?</strong>
          </p>
          <ul data-testid="unstake-rules">
            {unstakeRules(view.stake, view.originalWallet).map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <div className="buttons">
            <button type="button" className="primary" onClick={() => void confirm()} {...busyProps(busy)}>
              Unstake {formatIo(review)}
            </button>
            <button type="button" onClick={() => setReview(null)}>
              Keep it staked
            </button>
          </div>
        </div>
      )}
      <ActionError action="unstake" />
    </form>
  );
}
