// A new passphrase typed twice, with a strength hint as the owner types.
import { Field } from './wallet-ui.js';
import { passphraseStrength } from './wallet-validation.js';

export function PassphraseFields({
  value,
  again,
  onChange,
  onAgain,
  error,
  label = 'Passphrase',
}: {
  value: string;
  again: string;
  onChange(value: string): void;
  onAgain(value: string): void;
  error: string | null;
  label?: string;
}) {
  const strength = passphraseStrength(value);
  return (
    <>
      <Field
        label={label}
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        hint={
          value ? (
            <span data-testid="strength" data-score={strength.score}>
              <span className={`meter s${strength.score}`} aria-hidden="true" />
              <strong>{strength.label}.</strong> {strength.hint}
            </span>
          ) : (
            'It encrypts the wallet on this PC. Nobody can reset it, not even us.'
          )
        }
      />
      <Field
        label={`${label}, again`}
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={(e) => onAgain(e.target.value)}
        error={error}
      />
    </>
  );
}
