// The one dialog for every signing request: what the transaction does, sentence by sentence as the
// main process decoded it, amounts and destinations, who pays the fee, the rules, and how long the
// request stays valid. Confirm approves it through the wallet adapter (the main process signs);
// then the 'signing' events move it along: signing, sent, confirmed or failed with the reason.
import { useEffect, useRef } from 'react';
import type { SigningRequest, WalletState } from '../../../common/wallet-api.js';
import { Badge, useNow } from '../../app/ui.js';
import { formatIo } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { isFinal, laterRequest, secondsLeft, signingStep } from './signing-progress.js';
import { formatCountdown } from './staking-math.js';
import { formatSol } from './wallet-format.js';
import { ActionError, busyProps, TxLink } from './wallet-ui.js';

function Instructions({ request }: { request: SigningRequest }) {
  return (
    <ol className="instructions" data-testid="instructions">
      {request.instructions.map((ix, i) => (
        <li key={i}>
          <span className="wrap">{ix.description}</span>
          {ix.amount !== null && (
            <div className="small">
              Amount: <strong>{ix.asset === 'SOL' ? formatSol(ix.amount) : formatIo(ix.amount)}</strong>
            </div>
          )}
          {ix.destination && (
            <div className="small wrap">
              To: <span className="mono">{ix.destination}</span>
            </div>
          )}
          {ix.programName === 'unknown' && (
            <div className="small error-text">Unknown program {ix.program}: the app would not sign this.</div>
          )}
        </li>
      ))}
    </ol>
  );
}

export function SigningDialog({ request, wallet }: { request: SigningRequest; wallet: WalletState }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const adapter = useApp((s) => s.adapter);
  const run = useApp((s) => s.walletAction);
  const open = useApp((s) => s.openSigning);
  const close = useApp((s) => s.closeSigning);
  const reloadPayouts = useApp((s) => s.loadPayouts);
  const busy = useApp((s) => s.walletBusy === 'sign');
  const now = useNow(1_000);
  const left = secondsLeft(request, now);
  const final = isFinal(request.state);
  const expiredHere = request.state === 'pending' && left === 0;
  const step = signingStep(expiredHere ? { ...request, state: 'expired' } : request, wallet.kind);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const update = (next: SigningRequest) => open(laterRequest(request, next));
  const confirm = async () => {
    const result = await run('sign', (api) =>
      adapter ? adapter.approve(request.requestId) : api.confirmSigning({ requestId: request.requestId }),
    );
    if (result.ok) update(result.value);
  };
  const cancel = async () => {
    if (request.state !== 'pending' || expiredHere) return done();
    const result = await run('sign', (api) => api.cancelSigning({ requestId: request.requestId }));
    if (result.ok) update(result.value);
    done();
  };
  const done = () => {
    dialog.current?.close();
    close();
    void reloadPayouts();
  };

  return (
    <dialog
      ref={dialog}
      className="signing"
      aria-labelledby="signing-title"
      aria-describedby="signing-step"
      onCancel={(e) => {
        // Escape cancels a pending request; while it is being signed it must stay on screen.
        e.preventDefault();
        if (request.state === 'pending' || final || expiredHere) void cancel();
      }}
    >
      <h2 id="signing-title">{request.title}</h2>
      <p id="signing-step" role="status" data-testid="signing-state" data-state={request.state}>
        <Badge tone={step.tone}>
          {request.state === 'pending' && !expiredHere ? 'Review' : request.state}
        </Badge>{' '}
        {step.label}
      </p>
      <Instructions request={request} />
      <dl className="facts">
        <dt>Network fee</dt>
        <dd>
          {formatSol(request.feeLamports)} paid by{' '}
          <span className="mono wrap">
            {request.feePayer === wallet.address ? 'your wallet' : request.feePayer}
          </span>
        </dd>
        {request.state === 'pending' && (
          <>
            <dt>Valid for</dt>
            <dd data-testid="signing-expiry">{expiredHere ? 'expired' : formatCountdown(left * 1000)}</dd>
          </>
        )}
        {request.signature && (
          <>
            <dt>Transaction</dt>
            <dd>
              <TxLink pins={wallet.pins} signature={request.signature} />
            </dd>
          </>
        )}
      </dl>
      {request.rules.length > 0 && (
        <>
          <h3>Rules you agree to</h3>
          <ul data-testid="signing-rules">
            {request.rules.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {wallet.kind === 'browser' && request.state === 'pending' && (
        <p className="small dim">After Confirm, approve the transaction in your browser wallet.</p>
      )}
      <ActionError action="sign" />
      <div className="buttons">
        {final || expiredHere ? (
          <button type="button" className="primary" onClick={done} autoFocus>
            Close
          </button>
        ) : request.state === 'pending' ? (
          <>
            <button type="button" className="primary" onClick={() => void confirm()} {...busyProps(busy)}>
              Confirm
            </button>
            <button type="button" onClick={() => void cancel()} disabled={busy}>
              Cancel
            </button>
          </>
        ) : (
          <span className="spinner" aria-hidden="true" />
        )}
      </div>
    </dialog>
  );
}
