// The signing requests waiting for the connected browser wallet. The page fetches them, the owner
// signs in the wallet, and the page hands back one signature per request. Nothing is trusted from
// the page: a signature must verify over the exact message the node queued and the connected
// address, and each request is answered once. A wrong answer changes nothing (the request keeps
// waiting, so the owner can still sign it properly); silence ends in a refusal at the timeout.
import type { SigningRequest } from '../../../common/wallet-api.js';
import { verifyDeviceSignature } from '../../../common/node/ed25519.js';
import { SignerRefusedError } from '../signer.js';
import { BridgeError } from './bridge-error.js';
import { signerIndex, wireTransaction } from './wire.js';

/** What the page gets for one request: the decoded form to show again and the transaction to sign. */
export interface PendingItem {
  requestId: string;
  request: SigningRequest;
  /** The whole wire transaction, base64, with any signatures the node already holds. */
  transaction: string;
  /** The connected wallet's signature slot in it. */
  signerIndex: number;
}

interface Entry {
  item: PendingItem;
  message: Uint8Array;
  resolve(signature: Uint8Array): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Request ids answered lately, kept to tell a replay ("already answered") from an unknown id. */
const ANSWERED_KEPT = 1000;

export interface SigningQueueOptions {
  address: string;
  timeoutMs: number;
  now: () => number;
}

export function createSigningQueue(o: SigningQueueOptions) {
  const entries = new Map<string, Entry>();
  const answered = new Set<string>();
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const waker of [...wakers]) waker();
  };
  const settle = (requestId: string) => {
    const entry = entries.get(requestId)!;
    clearTimeout(entry.timer);
    entries.delete(requestId);
    answered.add(requestId);
    if (answered.size > ANSWERED_KEPT) answered.delete(answered.values().next().value!);
    return entry;
  };
  const find = (requestId: string) => {
    const entry = entries.get(requestId);
    if (entry) return entry;
    if (answered.has(requestId))
      throw new BridgeError(409, 'already-answered', `request ${requestId} was already answered`);
    throw new BridgeError(404, 'unknown-request', `no signing request ${requestId} is waiting`);
  };

  return {
    /** Queues a request; resolves with the wallet's verified signature over `message`. */
    add(message: Uint8Array, request: SigningRequest, wire?: Uint8Array): Promise<Uint8Array> {
      const index = signerIndex(message, o.address);
      const transaction = Buffer.from(wireTransaction(message, wire)).toString('base64');
      const { requestId } = request;
      if (entries.has(requestId) || answered.has(requestId))
        throw new Error(`signing request ${requestId} was already handed to the browser wallet`);
      const waitMs = Math.min(o.timeoutMs, request.expiresAt - o.now());
      if (waitMs <= 0)
        return Promise.reject(new SignerRefusedError(`signing request ${requestId} has expired`));
      return new Promise<Uint8Array>((resolve, reject) => {
        const timer = setTimeout(() => {
          settle(requestId);
          wake();
          reject(
            new SignerRefusedError(`the browser wallet did not answer within ${Math.round(waitMs / 1000)} s`),
          );
        }, waitMs);
        timer.unref?.();
        const item = { requestId, request, transaction, signerIndex: index };
        entries.set(requestId, { item, message: message.slice(), resolve, reject, timer });
        wake();
      });
    },

    items: (): PendingItem[] => [...entries.values()].map((e) => e.item),

    /** Resolves when the queue changes or after `ms`, whichever comes first (the page's long poll). */
    changed(ms: number): { done: Promise<void>; cancel(): void } {
      let cancel = () => {};
      const done = new Promise<void>((resolve) => {
        const timer = setTimeout(() => cancel(), ms);
        timer.unref?.(); // a held poll never keeps a stopping node alive
        cancel = () => {
          clearTimeout(timer);
          wakers.delete(cancel);
          resolve();
        };
        wakers.add(cancel);
      });
      return { done, cancel };
    },

    /** The page's answer: accepted only if it verifies over the queued message and the address. */
    answer(requestId: string, signature: Uint8Array): void {
      const entry = find(requestId);
      if (!verifyDeviceSignature(o.address, entry.message, signature))
        throw new BridgeError(
          401,
          'bad-signature',
          `the signature for ${requestId} does not verify for this transaction and ${o.address} ` +
            '(a different key signed, or the wallet changed the transaction)',
        );
      settle(requestId).resolve(signature);
      wake();
    },

    /** The owner said no in the wallet (or the wallet failed): the request fails with the reason. */
    refuse(requestId: string, reason: string): void {
      find(requestId);
      settle(requestId).reject(new SignerRefusedError(`refused in the browser wallet: ${reason}`));
      wake();
    },

    /** Fails every waiting request (disconnect, another page connected). */
    close(reason: string): void {
      for (const requestId of [...entries.keys()]) settle(requestId).reject(new SignerRefusedError(reason));
      wake();
    },
  };
}

export type SigningQueue = ReturnType<typeof createSigningQueue>;
