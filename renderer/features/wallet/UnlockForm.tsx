// A locked in-app wallet: the passphrase goes to the main process through the adapter (its
// "connect"), which keeps the key. A wrong passphrase is the node's sentence; the field keeps its text.
import { useState, type FormEvent } from 'react';
import { useApp } from '../../store/app-store.js';
import { ActionError, busyProps, Field } from './wallet-ui.js';

export function UnlockForm() {
  const run = useApp((s) => s.walletAction);
  const adapter = useApp((s) => s.adapter);
  const apply = useApp((s) => s.applyWallet);
  const busy = useApp((s) => s.walletBusy === 'unlock');
  const [passphrase, setPassphrase] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!passphrase) return;
    const result = await run('unlock', (api) =>
      adapter ? adapter.unlock(passphrase) : api.unlockWallet({ passphrase }),
    );
    if (result.ok) {
      setPassphrase('');
      apply(result.value);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Unlock the wallet" className="stack">
      <Field
        label="Passphrase"
        type="password"
        autoComplete="current-password"
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
        hint="Unlocked, the app can sign what you confirm. It locks again when the app stops."
      />
      <div className="buttons">
        <button type="submit" className="primary" {...busyProps(busy)} disabled={busy || !passphrase}>
          Unlock
        </button>
      </div>
      <ActionError action="unlock" />
    </form>
  );
}
