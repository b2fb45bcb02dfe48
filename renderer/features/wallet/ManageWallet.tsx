// Less frequent and more dangerous actions, folded away: change the passphrase, forget the wallet
// (the address typed as confirmation, since a forgotten in-app wallet is gone without its phrase).
import { useState, type FormEvent } from 'react';
import type { WalletState } from '../../../common/wallet-api.js';
import { useApp } from '../../store/app-store.js';
import { PassphraseFields } from './PassphraseFields.js';
import { ActionError, busyProps, Field } from './wallet-ui.js';
import { checkNewPassphrase } from './wallet-validation.js';

function ChangePassphrase() {
  const run = useApp((s) => s.walletAction);
  const apply = useApp((s) => s.applyWallet);
  const busy = useApp((s) => s.walletBusy === 'change');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = checkNewPassphrase(next, again);
    setError(problem);
    setDone(false);
    if (problem) return;
    const result = await run('change', (api) => api.changePassphrase({ current, next }));
    if (!result.ok) return;
    apply(result.value);
    setCurrent('');
    setNext('');
    setAgain('');
    setDone(true);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Change the passphrase">
      <h3>Change the passphrase</h3>
      <Field
        label="Current passphrase"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <PassphraseFields
        label="New passphrase"
        value={next}
        again={again}
        onChange={setNext}
        onAgain={setAgain}
        error={error}
      />
      <div className="buttons">
        <button type="submit" {...busyProps(busy)}>
          Change passphrase
        </button>
        {done && <span role="status">Passphrase changed.</span>}
      </div>
      <ActionError action="change" />
    </form>
  );
}

function ForgetWallet({ wallet }: { wallet: WalletState }) {
  const run = useApp((s) => s.walletAction);
  const apply = useApp((s) => s.applyWallet);
  const busy = useApp((s) => s.walletBusy === 'forget');
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === wallet.address;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!matches || !wallet.address) return;
    const address = wallet.address;
    const result = await run('forget', (api) => api.forgetWallet({ address }));
    if (result.ok) apply(result.value);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Forget this wallet">
      <h3>Forget this wallet</h3>
      <p className="small">
        {wallet.kind === 'in-app'
          ? 'Deletes the keys from this PC. Without your recovery phrase, the IO in this wallet is lost for good.'
          : 'Removes the address from this app. Nothing on chain changes.'}{' '}
        Stake still in the vault is released only to this address.
      </p>
      <Field
        label="Type the wallet’s address to confirm"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        className="mono"
      />
      <div className="buttons">
        <button type="submit" className="danger" disabled={!matches || busy} aria-busy={busy}>
          Forget wallet
        </button>
      </div>
      <ActionError action="forget" />
    </form>
  );
}

export function ManageWallet({ wallet }: { wallet: WalletState }) {
  return (
    <details className="manage">
      <summary>Manage: passphrase, forget</summary>
      {wallet.kind === 'in-app' && <ChangePassphrase />}
      <ForgetWallet wallet={wallet} />
    </details>
  );
}
