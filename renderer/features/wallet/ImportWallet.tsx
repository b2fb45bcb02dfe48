// Import an existing wallet into the app's keystore: a recovery phrase, a base58 secret key, or the
// Solana CLI's keypair file (read here as text and sent once to the main process, which keeps it).
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../../store/app-store.js';
import { PassphraseFields } from './PassphraseFields.js';
import { ActionError, busyProps } from './wallet-ui.js';
import {
  checkKeypairFile,
  checkMnemonic,
  checkNewPassphrase,
  checkSecretKey,
  type Checked,
} from './wallet-validation.js';

type Format = 'mnemonic' | 'secret-key' | 'keypair-file';
const FORMATS: Record<Format, { label: string; check(text: string): Checked<string> }> = {
  mnemonic: { label: 'Recovery phrase (12 or 24 words)', check: checkMnemonic },
  'secret-key': { label: 'Secret key (base58, as Phantom exports it)', check: checkSecretKey },
  'keypair-file': { label: 'Solana CLI keypair file (id.json)', check: checkKeypairFile },
};

export function ImportWallet() {
  const run = useApp((s) => s.walletAction);
  const busy = useApp((s) => s.walletBusy === 'import');
  const apply = useApp((s) => s.applyWallet);
  const id = useId();
  const [format, setFormat] = useState<Format>('mnemonic');
  const [secret, setSecret] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ secret?: string; passphrase?: string }>({});

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 4096) return setErrors({ secret: 'This file is too large to be a keypair file.' });
    setFileName(file.name);
    setSecret(await file.text());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = FORMATS[format].check(secret);
    const next = {
      secret: checked.ok ? undefined : checked.error,
      passphrase: checkNewPassphrase(passphrase, again) ?? undefined,
    };
    setErrors(next);
    if (!checked.ok || next.passphrase) return;
    const result = await run('import', (api) =>
      api.importWallet({ format, secret: checked.value, passphrase }),
    );
    if (result.ok) apply(result.value);
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Import a wallet">
      <fieldset>
        <legend>What do you have?</legend>
        {(Object.keys(FORMATS) as Format[]).map((f) => (
          <label key={f} className="check">
            <input
              type="radio"
              name="format"
              checked={format === f}
              onChange={() => (setFormat(f), setSecret(''), setFileName(null), setErrors({}))}
            />
            {FORMATS[f].label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        {format === 'keypair-file' ? (
          <>
            <label htmlFor={id}>Keypair file</label>
            <input
              id={id}
              type="file"
              accept=".json,application/json"
              onChange={(e) => void readFile(e.target.files?.[0])}
              aria-invalid={errors.secret ? true : undefined}
              aria-describedby={errors.secret ? `${id}-error` : undefined}
            />
            {fileName && !errors.secret && <p className="hint">Read {fileName}.</p>}
          </>
        ) : (
          <>
            <label htmlFor={id}>{FORMATS[format].label}</label>
            <textarea
              id={id}
              rows={format === 'mnemonic' ? 3 : 2}
              spellCheck={false}
              autoComplete="off"
              autoCapitalize="none"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              aria-invalid={errors.secret ? true : undefined}
              aria-describedby={errors.secret ? `${id}-error` : undefined}
            />
          </>
        )}
        {errors.secret && (
          <p className="error" id={`${id}-error`}>
            {errors.secret}
          </p>
        )}
      </div>
      <PassphraseFields
        label="New passphrase for this app"
        value={passphrase}
        again={again}
        onChange={setPassphrase}
        onAgain={setAgain}
        error={errors.passphrase ?? null}
      />
      <div className="buttons">
        <button type="submit" className="primary" {...busyProps(busy)}>
          Import wallet
        </button>
      </div>
      <ActionError action="import" />
    </form>
  );
}
