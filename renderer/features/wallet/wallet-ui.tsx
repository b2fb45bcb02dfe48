// Small pieces the wallet screen repeats: a labelled field with its error, the node's refusal next
// to the action it refused, a transaction link (or the signature as text), a copy button.
import { useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import type { ChainPins } from '../../../common/wallet-api.js';
import { useApp } from '../../store/app-store.js';
import type { WalletAction } from '../../store/wallet-slice.js';
import { explorerLink, shortAddress } from './wallet-format.js';

export function Field({
  label,
  hint,
  error,
  ...input
}: { label: ReactNode; hint?: ReactNode; error?: string | null } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...input}
      />
      {error && (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {hint && !error && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
    </div>
  );
}

/** The node's sentence for the last failure of `action`, shown where the owner acted. */
export function ActionError({ action }: { action: WalletAction }) {
  const message = useApp((s) => s.walletErrors[action]);
  return message ? (
    <p className="error-text wrap" role="alert" data-testid={`error-${action}`}>
      {message}
    </p>
  ) : null;
}

/** A transaction: a link to the cluster's explorer, or the signature as text where there is none. */
export function TxLink({ pins, signature }: { pins: ChainPins; signature: string }) {
  const url = explorerLink(pins, 'tx', signature);
  return url ? (
    <a href={url} target="_blank" rel="noreferrer noopener" className="mono" title={signature}>
      {shortAddress(signature)}
    </a>
  ) : (
    <span className="mono wrap small" title="No explorer on this cluster">
      {signature}
    </span>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <button
      type="button"
      className="link"
      onClick={() =>
        navigator.clipboard
          .writeText(text)
          .then(() => setCopied('yes'))
          .catch(() => setCopied('no'))
      }
    >
      {label}
      <span role="status" className="small">
        {copied === 'yes' ? ' · copied' : copied === 'no' ? ' · copy blocked: select the text' : ''}
      </span>
    </button>
  );
}

export function busyProps(busy: boolean) {
  return { disabled: busy, 'aria-busy': busy };
}
