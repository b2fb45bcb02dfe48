// The browser-wallet port: a wallet the owner already has (Phantom, Solflare, Backpack) connects
// through a page this node serves on loopback, opened in the owner's default browser where those
// wallets inject. open() issues a one-time link; the page has the wallet sign a challenge naming this
// app, the address, the origin and a nonce; the node checks the ed25519 signature over those exact
// bytes and only then calls the wallet connected. Later signing requests go to the page the same
// way and come back as signatures the node verifies before anyone sees them.
import bs58 from 'bs58';
import { verifyDeviceSignature } from '../../../common/node/ed25519.js';
import type { BrowserWalletPort, BrowserWalletSession } from '../browser-wallet-port.js';
import { SignerRefusedError, type TransactionSigner } from '../signer.js';
import { BridgeError } from './bridge-error.js';
import { createBridgeRoutes, type LoopbackRoutes } from './bridge-routes.js';
import { challengeText, newSecret, secretEquals } from './secrets.js';
import { createSigningQueue, type PendingItem, type SigningQueue } from './signing-queue.js';

export interface BrowserWalletOptions {
  /** The node's loopback origin (http://127.0.0.1:PORT); a getter when the server starts later. */
  origin: string | (() => string);
  now?: () => number;
  /** Named in the challenge the wallet shows. */
  appName?: string;
  /** How long a connect link stays usable (5 min). */
  sessionMs?: number;
  /** How long a signing request waits for the wallet (2 min, or less when the request expires sooner). */
  signTimeoutMs?: number;
  /** How long the page's long poll is held (25 s); a page silent for longer plus 15 s counts as closed. */
  pollMs?: number;
  /** The page's built files (default dist/wallet-connect). */
  staticDir?: string;
  /** Chain id passed to the wallet with each transaction ('solana:devnet'); none for the sandbox. */
  chain?: string;
}

/** The browser signer: the port's signer, always given the whole transaction by the wallet service. */
export type BrowserSigner = TransactionSigner & { readonly kind: 'browser' };

export interface WalletBridge {
  challenge(token: string, address: string): { message: string; expiresAt: number };
  connect(
    token: string,
    address: string,
    signature: Uint8Array,
  ): { sessionSecret: string; chain: string | null };
  pending(secret: string, signal: AbortSignal): Promise<{ requests: PendingItem[] }>;
  signed(secret: string, requestId: string, signature: Uint8Array): void;
  refused(secret: string, requestId: string, reason: string): void;
}

export interface BrowserWallet extends BrowserWalletPort {
  signer(): BrowserSigner | null;
  /** The page and /wallet-bridge/* for the dashboard server to mount (they need no dashboard token). */
  routes: LoopbackRoutes;
  bridge: WalletBridge;
}

interface ConnectSession {
  token: string;
  expiresAt: number;
  challenge: { address: string; text: string } | null;
}

interface Connection {
  address: string;
  secret: string;
  queue: SigningQueue;
  signer: BrowserSigner;
  polls: number;
  lastSeen: number;
}

const isPublicKey = (address: string) => {
  try {
    return bs58.decode(address).length === 32;
  } catch {
    return false;
  }
};

export function createBrowserWallet(o: BrowserWalletOptions): BrowserWallet {
  const now = o.now ?? Date.now;
  const origin = typeof o.origin === 'string' ? () => o.origin as string : o.origin;
  const sessionMs = o.sessionMs ?? 5 * 60_000;
  const pollMs = o.pollMs ?? 25_000;
  const listeners = new Set<(address: string) => void>();
  let session: ConnectSession | null = null;
  let connection: Connection | null = null;

  const openSession = (token: string): ConnectSession => {
    if (!session || !secretEquals(token, session.token))
      throw new BridgeError(
        401,
        'unknown-link',
        'this connect link is not valid: it was used already, replaced by a newer one, or never issued. Open a new one from the app.',
      );
    if (now() > session.expiresAt)
      throw new BridgeError(
        410,
        'expired',
        `this connect link expired at ${new Date(session.expiresAt).toISOString()}: open a new one from the app.`,
      );
    return session;
  };
  const connected = (secret: string): Connection => {
    if (!connection || !secretEquals(secret, connection.secret))
      throw new BridgeError(
        401,
        'disconnected',
        'this page is no longer connected: connect again from the app.',
      );
    return connection;
  };
  const pageLive = (c: Connection) => c.polls > 0 || now() - c.lastSeen <= pollMs + 15_000;

  const makeSigner = (c: Omit<Connection, 'signer'>): BrowserSigner => ({
    kind: 'browser',
    address: c.address,
    async signMessage(message, request, wireTransaction) {
      if (connection?.queue !== c.queue)
        throw new SignerRefusedError('this browser wallet is no longer connected: connect it again');
      if (!pageLive(connection))
        throw new SignerRefusedError(
          'the browser wallet page was closed: connect the browser wallet again from the app',
        );
      return c.queue.add(message, request, wireTransaction);
    },
  });

  const bridge: WalletBridge = {
    challenge(token, address) {
      const s = openSession(token);
      if (!isPublicKey(address))
        throw new BridgeError(400, 'bad-address', `${address} is not a Solana address (32 bytes, base58)`);
      const nonce = newSecret().slice(0, 22);
      const text = challengeText({
        appName: o.appName ?? 'io-provider',
        address,
        origin: origin(),
        nonce,
        expiresAt: s.expiresAt,
      });
      // A new challenge replaces the last one (the owner may pick another account).
      s.challenge = { address, text };
      return { message: text, expiresAt: s.expiresAt };
    },

    connect(token, address, signature) {
      const s = openSession(token);
      if (!s.challenge || s.challenge.address !== address)
        throw new BridgeError(
          409,
          'no-challenge',
          `no challenge was issued for ${address}: ask for one first`,
        );
      if (!verifyDeviceSignature(address, s.challenge.text, signature))
        throw new BridgeError(
          401,
          'bad-signature',
          `the signature does not verify for ${address} over the challenge (another key signed, or the message was changed)`,
        );
      session = null; // the link is spent: it connects once
      connection?.queue.close('another browser wallet page connected');
      const secret = newSecret();
      const queue = createSigningQueue({ address, timeoutMs: o.signTimeoutMs ?? 120_000, now });
      const base = { address, secret, queue, polls: 0, lastSeen: now() };
      connection = { ...base, signer: makeSigner(base) };
      for (const listener of [...listeners]) listener(address);
      return { sessionSecret: secret, chain: o.chain ?? null };
    },

    async pending(secret, signal) {
      const c = connected(secret);
      c.polls++;
      try {
        if (c.queue.items().length === 0 && !signal.aborted) {
          const change = c.queue.changed(pollMs);
          signal.addEventListener('abort', change.cancel, { once: true });
          await change.done;
          signal.removeEventListener('abort', change.cancel);
        }
      } finally {
        c.polls--;
        c.lastSeen = now();
      }
      return { requests: connected(secret).queue.items() };
    },

    signed: (secret, requestId, signature) => connected(secret).queue.answer(requestId, signature),
    refused: (secret, requestId, reason) => connected(secret).queue.refuse(requestId, reason),
  };

  return {
    open(): BrowserWalletSession {
      const token = newSecret();
      const expiresAt = now() + sessionMs;
      session = { token, expiresAt, challenge: null };
      return { url: `${origin()}/wallet-connect/#${token}`, expiresAt };
    },
    signer: () => connection?.signer ?? null,
    onConnected(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    disconnect() {
      session = null;
      const c = connection;
      connection = null;
      c?.queue.close('the browser wallet was disconnected');
    },
    bridge,
    routes: createBridgeRoutes({ bridge, origin, now, staticDir: o.staticDir }),
  };
}
