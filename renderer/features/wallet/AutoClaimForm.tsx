// Auto-claim: the node claims by itself once the claimable amount reaches the threshold.
import { useState, type FormEvent } from 'react';
import { formatIoAmount } from '../../../common/io-units.js';
import type { WalletState } from '../../../common/wallet-api.js';
import { useApp } from '../../store/app-store.js';
import { ActionError, busyProps, Field } from './wallet-ui.js';
import { checkAmount } from './wallet-validation.js';

export function AutoClaimForm({ wallet }: { wallet: WalletState }) {
  const run = useApp((s) => s.walletAction);
  const apply = useApp((s) => s.applyWallet);
  const busy = useApp((s) => s.walletBusy === 'autoclaim');
  const [enabled, setEnabled] = useState(wallet.autoClaim.enabled);
  const [threshold, setThreshold] = useState(formatIoAmount(BigInt(wallet.autoClaim.threshold)));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const dirty =
    enabled !== wallet.autoClaim.enabled ||
    threshold.trim() !== formatIoAmount(BigInt(wallet.autoClaim.threshold));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkAmount(threshold);
    setError(checked.ok ? null : checked.error);
    setSaved(false);
    if (!checked.ok) return;
    const result = await run('autoclaim', (api) =>
      api.setAutoClaim({ enabled, threshold: threshold.trim() }),
    );
    if (result.ok) {
      apply(result.value);
      setSaved(true);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Auto-claim" className="subform">
      <h3>Auto-claim</h3>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Claim by itself when the claimable amount reaches the threshold
      </label>
      <Field
        label="Threshold (IO)"
        inputMode="decimal"
        value={threshold}
        onChange={(e) => setThreshold(e.target.value)}
        error={error}
      />
      <div className="buttons">
        <button type="submit" {...busyProps(busy)} disabled={busy || !dirty}>
          Save auto-claim
        </button>
        {saved && !dirty && <span role="status">Saved.</span>}
      </div>
      <ActionError action="autoclaim" />
    </form>
  );
}
