// The page's side of /wallet-bridge/* (main/wallet/browser/bridge-routes.ts): same-origin fetches,
// JSON in and out, the node's refusal turned into an Error carrying its code and sentence.
import type { SigningRequest } from '../../common/wallet-api.js';

/** One request waiting for this wallet, as the node sends it. */
export interface PendingItem {
  requestId: string;
  request: SigningRequest;
  /** The whole wire transaction, base64. */
  transaction: string;
  signerIndex: number;
}

export class BridgeCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit, secret?: string): Promise<T> {
  const headers: Record<string, string> = { ...(init.body ? { 'content-type': 'application/json' } : {}) };
  if (secret) headers.authorization = `Bearer ${secret}`;
  const res = await fetch(`/wallet-bridge/${path}`, { ...init, headers, cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!res.ok)
    throw new BridgeCallError(
      res.status,
      body.error ?? 'failed',
      body.message ?? `the node answered ${res.status}`,
    );
  return body as T;
}

const post = <T>(path: string, body: unknown, secret?: string) =>
  call<T>(path, { method: 'POST', body: JSON.stringify(body) }, secret);

export const bridge = {
  challenge: (token: string, address: string) =>
    post<{ message: string; expiresAt: number }>('challenge', { token, address }),
  connect: (token: string, address: string, signature: string) =>
    post<{ address: string; sessionSecret: string; chain: string | null }>('connect', {
      token,
      address,
      signature,
    }),
  /** Held by the node until a request is waiting or ~25 s passed. */
  pending: (secret: string) => call<{ requests: PendingItem[] }>('pending', { method: 'GET' }, secret),
  signed: (secret: string, requestId: string, signature: string) =>
    post<{ ok: true }>('signed', { requestId, signature }, secret),
  refused: (secret: string, requestId: string, reason: string) =>
    post<{ ok: true }>('refused', { requestId, reason }, secret),
};
