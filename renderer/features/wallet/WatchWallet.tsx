// Watch-only: payouts go to an address the owner holds elsewhere (a hardware wallet, an exchange is
// not one). Nothing here can sign, so staking and withdrawals need another way.
import { useState, type FormEvent } from 'react';
import { useApp } from '../../store/app-store.js';
import { ActionError, busyProps, Field } from './wallet-ui.js';
import { checkAddress } from './wallet-validation.js';

export function WatchWallet() {
  const run = useApp((s) => s.walletAction);
  const apply = useApp((s) => s.applyWallet);
  const busy = useApp((s) => s.walletBusy === 'watch');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkAddress(address);
    setError(checked.ok ? null : checked.error);
    if (!checked.ok) return;
    const result = await run('watch', (api) => api.watchWallet({ address: checked.value }));
    if (result.ok) apply(result.value);
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Watch an address">
      <Field
        label="Your Solana address"
        value={address}
        onChange={(e) => setAddress(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        className="mono"
        error={error}
        hint="Use an address you control with your own wallet: payouts sent to it cannot be sent back."
      />
      <div className="buttons">
        <button type="submit" className="primary" {...busyProps(busy)}>
          Watch this address
        </button>
      </div>
      <ActionError action="watch" />
    </form>
  );
}
