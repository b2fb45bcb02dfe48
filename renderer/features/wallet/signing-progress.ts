// A signing request's life as the dialog shows it: pending (waiting for the owner), signing (with
// the signer; a browser wallet waits for the owner there), sent, then confirmed, failed, cancelled
// or expired. Pure, so each state's words are tested.
import type { SigningRequest, WalletKind } from '../../../common/wallet-api.js';

export type SigningState = SigningRequest['state'];
/** The Badge tones of app/ui.tsx, spelled here so this module stays free of JSX (unit-tested under Node). */
export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

export const FINAL_STATES: ReadonlySet<SigningState> = new Set([
  'confirmed',
  'failed',
  'cancelled',
  'expired',
]);

export const isFinal = (state: SigningState) => FINAL_STATES.has(state);

export interface SigningStep {
  label: string;
  tone: Tone;
}

export function signingStep(request: SigningRequest, kind: WalletKind): SigningStep {
  switch (request.state) {
    case 'pending':
      return { label: 'Waiting for your confirmation.', tone: 'neutral' };
    case 'signing':
      return kind === 'browser'
        ? { label: 'Approve it in your browser wallet…', tone: 'warn' }
        : { label: 'Signing…', tone: 'neutral' };
    case 'sent':
      return { label: 'Sent: waiting for the network to confirm…', tone: 'neutral' };
    case 'confirmed':
      return { label: 'Confirmed on chain.', tone: 'ok' };
    case 'failed':
      return { label: `Failed: ${request.reason || 'no reason given'}`, tone: 'bad' };
    case 'cancelled':
      return { label: 'Cancelled: nothing was signed.', tone: 'neutral' };
    case 'expired':
      return { label: 'Expired before it was confirmed: nothing was signed. Start again.', tone: 'bad' };
  }
}

/** Seconds left before the request expires (0 once past). */
export const secondsLeft = (request: SigningRequest, now: number) =>
  Math.max(0, Math.ceil((request.expiresAt - now) / 1000));

/** A request update is newer when it moved further along; a late 'signing' event never undoes 'sent'. */
const ORDER: Record<SigningState, number> = {
  pending: 0,
  signing: 1,
  sent: 2,
  confirmed: 3,
  failed: 3,
  cancelled: 3,
  expired: 3,
};
export function laterRequest(current: SigningRequest | null, next: SigningRequest): SigningRequest {
  if (!current || current.requestId !== next.requestId) return next;
  return ORDER[next.state] >= ORDER[current.state] ? next : current;
}
