// The one seam every way of signing goes through. The wallet service builds a transaction, decodes
// it, checks it against the signer policy, shows it to the owner, and only after the owner's yes
// hands its message bytes to a TransactionSigner. Whatever signed, the service verifies the returned
// signature against the message and the address before attaching it: a browser wallet that answers
// with a signature for anything else is refused.
import type { SigningRequest } from '../../common/wallet-api.js';

export interface TransactionSigner {
  /** 'in-app' (keystore key in this process) or 'browser' (a wallet in the owner's browser). */
  readonly kind: 'in-app' | 'browser';
  /** The signer's public key, base58. */
  readonly address: string;
  /**
   * Signs a transaction's serialized message (what ed25519 covers). `request` is the decoded form
   * the owner approved, for a signer that shows it again (the browser page does). `wireTransaction`
   * is the whole transaction with the signatures it already holds (a co-signed release): browser
   * wallets sign transactions, not bare messages; the browser signer checks it carries `message`.
   */
  signMessage(
    message: Uint8Array,
    request: SigningRequest,
    wireTransaction?: Uint8Array,
  ): Promise<Uint8Array>;
}

/** The owner refused in their wallet, or the wallet went away; the request fails with this reason. */
export class SignerRefusedError extends Error {}
