// What the payouts panel says before a claim: the net amount, the gross and the fee withheld, and
// why a claim cannot be made now. The node computes every figure; this only reads them.
import type { PayoutsView, WalletState } from '../../../common/wallet-api.js';
import { formatIo, formatPercent } from '../../lib/format.js';

/** 250 basis points -> "2.5%", 25 -> "0.25%" (a network parameter: never hard-coded here). */
export const feePercent = (feeBps: number): string => formatPercent(feeBps / 10_000, 2);

export interface FeePreview {
  net: bigint;
  gross: bigint;
  fee: bigint;
  percent: string;
  /** The node's figures disagree (gross - fee != net): shown, not hidden. */
  mismatch: boolean;
}

export function feePreview(view: PayoutsView): FeePreview {
  const net = BigInt(view.claimable);
  const gross = BigInt(view.claimableGross);
  const fee = BigInt(view.claimableFee);
  return { net, gross, fee, percent: feePercent(view.feeBps), mismatch: gross - fee !== net };
}

/** Why Claim is disabled, as one sentence under it; null when a claim can go now. */
export function claimBlocker(view: PayoutsView, wallet: WalletState | null): string | null {
  if (!wallet || wallet.kind === 'none' || !wallet.address)
    return 'Connect a wallet first: payouts go to its address.';
  if (view.inFlight) return 'A claim is on its way; the next one can start once it settles.';
  const net = BigInt(view.claimable);
  if (net === 0n) return 'Nothing to claim yet: verified earnings appear here.';
  const min = BigInt(view.minPayout);
  if (net < min)
    return `Claims start at ${formatIo(min)}: ${formatIo(min - net)} more verified earnings to go.`;
  return null;
}

export const PAYOUT_STATE_LABELS: Record<PayoutsView['payouts'][number]['state'], string> = {
  sending: 'Sending',
  paid: 'Paid',
  failed: 'Failed',
};
