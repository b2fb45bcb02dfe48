// Create an in-app wallet: 12 or 24 words, a passphrase typed twice. The recovery phrase comes back
// once and is handed up to the screen, which shows it until the owner confirms it is written down.
import { useState, type FormEvent } from 'react';
import { useApp } from '../../store/app-store.js';
import { PassphraseFields } from './PassphraseFields.js';
import { ActionError, busyProps } from './wallet-ui.js';
import { checkNewPassphrase } from './wallet-validation.js';

export function CreateWallet({ onPhrase }: { onPhrase(phrase: string): void }) {
  const run = useApp((s) => s.walletAction);
  const busy = useApp((s) => s.walletBusy === 'create');
  const apply = useApp((s) => s.applyWallet);
  const [words, setWords] = useState<12 | 24>(12);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = checkNewPassphrase(passphrase, again);
    setError(problem);
    if (problem) return;
    const result = await run('create', (api) => api.createWallet({ words, passphrase }));
    // The phrase goes to the screen's component state only, never to the store.
    if (result.ok) {
      onPhrase(result.value.mnemonic);
      apply(result.value.wallet);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Create a wallet">
      <fieldset>
        <legend>Recovery phrase length</legend>
        {([12, 24] as const).map((n) => (
          <label key={n} className="check">
            <input type="radio" name="words" checked={words === n} onChange={() => setWords(n)} />
            {n} words{n === 24 ? ' (more to write down, no safer in practice)' : ' (usual)'}
          </label>
        ))}
      </fieldset>
      <PassphraseFields
        value={passphrase}
        again={again}
        onChange={setPassphrase}
        onAgain={setAgain}
        error={error}
      />
      <div className="buttons">
        <button type="submit" className="primary" {...busyProps(busy)}>
          Create wallet
        </button>
      </div>
      <ActionError action="create" />
    </form>
  );
}
