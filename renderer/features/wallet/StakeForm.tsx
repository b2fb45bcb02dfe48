// Stake: an amount (prefilled with what is missing), then the node prepares the deposit and the
// signing dialog shows exactly what will be signed.
import { useState, type FormEvent } from 'react';
import { formatIoAmount } from '../../../common/io-units.js';
import { useApp } from '../../store/app-store.js';
import { ActionError, busyProps, Field } from './wallet-ui.js';
import { checkAmount } from './wallet-validation.js';

export function StakeForm({ shortfall, disabled }: { shortfall: string; disabled: boolean }) {
  const run = useApp((s) => s.walletAction);
  const open = useApp((s) => s.openSigning);
  const busy = useApp((s) => s.walletBusy === 'stake');
  const [amount, setAmount] = useState(() =>
    BigInt(shortfall) > 0n ? formatIoAmount(BigInt(shortfall)) : '',
  );
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkAmount(amount);
    setError(checked.ok ? null : checked.error);
    if (!checked.ok) return;
    const result = await run('stake', (api) => api.prepareStake({ amount: amount.trim() }));
    if (result.ok) open(result.value);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Stake">
      <Field
        label="Amount to stake (IO)"
        inputMode="decimal"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        error={error}
        hint="You review and confirm the transaction next."
      />
      <div className="buttons">
        <button type="submit" className="primary" {...busyProps(busy)} disabled={busy || disabled}>
          Stake…
        </button>
      </div>
      <ActionError action="stake" />
    </form>
  );
}
