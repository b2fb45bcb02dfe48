// Signing requests from prepare to outcome. prepare: decode the exact message bytes, check them
// against the signer policy, journal them and answer the owner's view. confirm: check again, sign,
// verify the signature, journal the signed bytes durably, then send and follow them to an outcome.
// reconcile (at start): every journaled 'sent' transaction is settled from the chain: landed ->
// confirmed/failed; not found while its blockhash can still land -> the same bytes again; not found
// past it -> failed, nothing moved. Nothing is ever signed twice for one request.
import { randomUUID } from 'node:crypto';
import bs58 from 'bs58';
import { formatUnits } from '../../common/io-units.js';
import type { SigningRequest } from '../../common/wallet-api.js';
import { verifyDeviceSignature } from '../../common/node/ed25519.js';
import { crashPoint } from './crash-point.js';
import { checkPolicy, ioAccountOf, PolicyRefusal, type SigningIntent } from './signer-policy.js';
import type { TransactionSigner } from './signer.js';
import { decodeMessage, describeOp, shortAddress } from './tx-decode.js';
import { assembleWire, type WalletChain } from './wallet-chain.js';
import type { SigningRow, WalletJournal } from './wallet-journal.js';

export interface SigningContext {
  journal: WalletJournal;
  chain(): Promise<WalletChain>;
  /** The signer for the wallet now, or a sentence why none can sign (watch-only, locked, none). */
  signer(): TransactionSigner;
  deviceId: string;
  now(): number;
  onRequest(request: SigningRequest): void;
  log(message: string): void;
  /** How long a slot lasts on this cluster: turns the blockhash's last valid height into a time. */
  slotMs?: number;
  /** How long confirm waits for the chain before leaving a sent transaction to the next check. */
  confirmTimeoutMs?: number;
}

export interface PrepareInput {
  intent: SigningIntent;
  message: Uint8Array;
  /** Signatures already on it by signer position, base58 (the network's, for a release). */
  signatures?: (string | null)[];
  lastValidBlockHeight: number;
  title: string;
  rules: string[];
}

export class SigningFlow {
  constructor(private readonly c: SigningContext) {}

  async prepare(p: PrepareInput): Promise<SigningRequest> {
    const chain = await this.c.chain();
    const decoded = decodeMessage(p.message);
    checkPolicy(decoded, p.intent);
    const labels = new Map<string, string>([
      [p.intent.wallet, 'your wallet'],
      [ioAccountOf(p.intent.ioMint, p.intent.wallet), 'your IO account'],
    ]);
    if (p.intent.kind !== 'transfer') labels.set(p.intent.vault, "this device's stake vault");
    const fee = await chain.feeFor(p.message, decoded.signers.length);
    const height = await chain.blockHeight();
    const now = this.c.now();
    const payer =
      decoded.feePayer === p.intent.wallet
        ? 'you pay'
        : `the network (${shortAddress(decoded.feePayer)}) pays`;
    const request: SigningRequest = {
      requestId: `sign-${randomUUID()}`,
      kind: p.intent.kind,
      title: p.title,
      rules: [...p.rules, `The network fee is ${formatUnits(fee, 9)} SOL; ${payer} it.`],
      feePayer: decoded.feePayer,
      feeLamports: String(fee),
      instructions: decoded.ops.map((o) => describeOp(o.program, o.op, labels, p.intent.ioMint)),
      expiresAt: now + Math.max(0, p.lastValidBlockHeight - height) * (this.c.slotMs ?? 400),
      state: 'pending',
      signature: null,
      reason: 'waiting for your confirmation',
    };
    this.c.journal.addSigning(
      {
        requestId: request.requestId,
        intent: p.intent,
        request,
        message: p.message,
        signatures: p.signatures ?? decoded.signers.map(() => null),
        wire: null,
        lastValidBlockHeight: p.lastValidBlockHeight,
      },
      now,
    );
    this.c.onRequest(request);
    return request;
  }

  get(requestId: string): SigningRow {
    const row = this.c.journal.signing(requestId);
    if (!row) throw new Error(`there is no signing request ${requestId}`);
    return row;
  }

  cancel(requestId: string): SigningRequest {
    const row = this.get(requestId);
    if (row.request.state !== 'pending') return row.request;
    return this.move(row, 'cancelled', 'cancelled by you; nothing was signed');
  }

  async confirm(requestId: string): Promise<SigningRequest> {
    const row = this.get(requestId);
    if (row.request.state !== 'pending') return row.request; // a second confirm answers the outcome
    const chain = await this.c.chain();
    if (this.c.now() > row.request.expiresAt || (await chain.blockHeight()) > row.lastValidBlockHeight)
      return this.move(
        row,
        'expired',
        'expired before it was confirmed; nothing was signed: prepare it again',
      );
    // Throws (and leaves the request pending) when nothing can sign now: unlock or connect, then retry.
    const signer = this.c.signer();
    if (signer.address !== row.intent.wallet)
      throw new Error(
        `the wallet that can sign now (${signer.address}) is not the one this request was made for (${row.intent.wallet})`,
      );
    // The policy again, on the very bytes about to be signed.
    let decoded;
    try {
      decoded = decodeMessage(row.message);
      checkPolicy(decoded, row.intent);
    } catch (error) {
      return this.move(row, 'failed', (error as Error).message);
    }
    const signing = this.move(row, 'signing', 'waiting for the wallet to sign');
    // What a browser wallet is handed: the whole transaction with the signatures held so far.
    const held = decoded.signers.map((_, i) => (row.signatures[i] ? bs58.decode(row.signatures[i]) : null));
    let signature: Uint8Array;
    try {
      signature = await signer.signMessage(row.message, signing, assembleWire(row.message, held));
    } catch (error) {
      return this.move(
        row,
        'failed',
        `the wallet did not sign: ${(error as Error).message}; nothing was sent`,
      );
    }
    if (!verifyDeviceSignature(signer.address, row.message, signature))
      return this.move(
        row,
        'failed',
        `the wallet's signature does not verify for ${signer.address}; nothing was sent`,
      );
    const signatures = decoded.signers.map((s, i) =>
      s === signer.address ? signature : row.signatures[i] ? bs58.decode(row.signatures[i]) : null,
    );
    const missing = decoded.signers.find((_, i) => !signatures[i]);
    if (missing)
      return this.move(row, 'failed', `the transaction lacks the signature of ${missing}; nothing was sent`);
    const wire = assembleWire(row.message, signatures);
    const txid = bs58.encode(signatures[0]!);
    // Durable before the bytes leave: a crash from here on is settled from the chain at the next start.
    this.c.journal.setSigningState(requestId, 'sent', 'sent; waiting for the chain', this.c.now(), {
      signature: txid,
      wire,
      lastValidBlockHeight: row.lastValidBlockHeight,
    });
    crashPoint(`${row.intent.kind}-journaled`);
    this.publish(requestId);
    return this.sendAndSettle(this.get(requestId));
  }

  /** Settles every journaled transaction with the chain (at start, and when asked). */
  async reconcile(): Promise<void> {
    for (const row of this.c.journal.signingIn(['signing']))
      this.move(row, 'failed', 'the app stopped while the wallet was signing; nothing was sent');
    for (const row of this.c.journal.signingIn(['pending']))
      if (this.c.now() > row.request.expiresAt) this.move(row, 'expired', 'expired before it was confirmed');
    const sent = this.c.journal.signingIn(['sent']);
    if (!sent.length) return;
    const chain = await this.c.chain();
    for (const row of sent) {
      // The height is read before the status: a transaction landing between the two reads is then
      // seen as landed, never taken for expired.
      const height = await chain.blockHeight();
      const status = await chain.status(row.request.signature!);
      if (status?.confirmed) this.settled(row, status.err);
      else if (!status && height > row.lastValidBlockHeight)
        this.move(row, 'failed', 'expired before it landed; nothing moved');
      else if (!status) await this.sendAndSettle(row);
    }
  }

  private async sendAndSettle(row: SigningRow): Promise<SigningRequest> {
    const chain = await this.c.chain();
    const signature = row.request.signature!;
    try {
      await chain.send(row.wire!);
    } catch (error) {
      // Sent before a crash, it may have landed already: the chain's word first.
      const status = await chain.status(signature).catch(() => null);
      if (status?.confirmed) return this.settled(row, status.err);
      const preflight = (error as { name?: string }).name === 'SendTransactionError';
      if (preflight && !status)
        return this.move(row, 'failed', `the chain refused it (${(error as Error).message}); nothing moved`);
      this.c.log(`wallet: sending ${signature} failed (${(error as Error).message}); checked again later`);
    }
    crashPoint(`${row.intent.kind}-sent`);
    const deadline = Date.now() + (this.c.confirmTimeoutMs ?? 30_000);
    for (;;) {
      const status = await chain.status(signature).catch(() => null);
      if (status?.confirmed) return this.settled(row, status.err);
      if (Date.now() > deadline) return this.get(row.requestId).request; // stays 'sent' for reconcile
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private settled(row: SigningRow, err: unknown): SigningRequest {
    return err
      ? this.move(row, 'failed', `it failed on chain (${JSON.stringify(err)}); nothing moved but the fee`)
      : this.move(row, 'confirmed', 'confirmed on chain');
  }

  private move(row: SigningRow, state: SigningRequest['state'], reason: string): SigningRequest {
    this.c.journal.setSigningState(row.requestId, state, reason, this.c.now());
    return this.publish(row.requestId);
  }

  private publish(requestId: string): SigningRequest {
    const request = this.get(requestId).request;
    this.c.onRequest(request);
    return request;
  }
}

export { PolicyRefusal };
