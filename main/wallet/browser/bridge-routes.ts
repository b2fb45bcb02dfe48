// The loopback routes of the browser-wallet page, mounted by the dashboard server ahead of its own
// token check: the page's files under /wallet-connect/ (they hold no data) and the bridge under
// /wallet-bridge/*, which authenticates by the one-time link token or the page's session secret.
// Only the node's own origin may call the bridge (a site the owner visits cannot: no CORS headers,
// Origin and Host must be this node's, POSTs must be JSON), bodies are small and checked by zod,
// and failed attempts are rate-limited.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describeZodError } from '../../../common/zod-errors.js';
import { readBodyText, type LoopbackRoutes } from '../../dashboard/dashboard-server.js';
import { findStaticFile } from '../../dashboard/static-files.js';
import { BridgeError } from './bridge-error.js';
import type { WalletBridge } from './browser-wallet.js';
import { SECRET_PATTERN } from './secrets.js';

export type { LoopbackRoutes };

/** The dashboard's policy, with connections to this origin only (the page polls; no sockets). */
export const WALLET_CONNECT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MAX_BODY = 8 * 1024;
const FAILURES_PER_MINUTE = 20;

const token = z.string().regex(SECRET_PATTERN, 'a connect token (43 base64url characters)');
const address = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'a base58 Solana address');
const signature = z
  .string()
  .regex(/^[A-Za-z0-9+/]{86}==$/, 'an ed25519 signature (64 bytes, base64)')
  .transform((s) => new Uint8Array(Buffer.from(s, 'base64')));
const requestId = z.string().min(1).max(128);
const bodies = {
  challenge: z.object({ token, address }).strict(),
  connect: z.object({ token, address, signature }).strict(),
  signed: z.object({ requestId, signature }).strict(),
  refused: z.object({ requestId, reason: z.string().max(500) }).strict(),
};

/** dist/wallet-connect beside the bundled dist/cli.js, or from the sources three levels up. */
export function defaultWalletPageDir(): string {
  const candidates = [
    new URL('./wallet-connect/', import.meta.url),
    new URL('../../../dist/wallet-connect/', import.meta.url),
  ].map((u) => fileURLToPath(u));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  if (!/^application\/json(;|$)/.test(req.headers['content-type'] ?? ''))
    throw new BridgeError(415, 'not-json', 'bridge calls take application/json');
  const text = await readBodyText(req, MAX_BODY);
  if (text === null) throw new BridgeError(413, 'body-too-large', `bodies are limited to ${MAX_BODY} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BridgeError(400, 'bad-json', 'the body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new BridgeError(400, 'bad-input', describeZodError(parsed.error));
  return parsed.data;
}

export interface BridgeRoutesOptions {
  bridge: WalletBridge;
  origin: () => string;
  now: () => number;
  staticDir?: string;
}

export function createBridgeRoutes(o: BridgeRoutesOptions): LoopbackRoutes {
  let failures: number[] = [];
  const bearer = (req: IncomingMessage) => {
    const secret = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!SECRET_PATTERN.test(secret))
      throw new BridgeError(
        401,
        'disconnected',
        'this page is no longer connected: connect again from the app.',
      );
    return secret;
  };
  const checkCaller = (req: IncomingMessage) => {
    const own = o.origin();
    if (req.headers.host !== new URL(own).host)
      throw new BridgeError(403, 'bad-host', `only ${own} may call the bridge`);
    const from = req.headers.origin;
    // Browsers send Origin with every POST; a same-origin GET may leave it out, Sec-Fetch-Site not.
    if (req.method === 'POST' ? from !== own : from !== undefined && from !== own)
      throw new BridgeError(403, 'bad-origin', `only pages from ${own} may call the bridge`);
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin')
      throw new BridgeError(403, 'bad-origin', `only pages from ${own} may call the bridge`);
  };

  const bridgeCall = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    const post = req.method === 'POST';
    if (name === 'challenge' && post) {
      const b = await readBody(req, bodies.challenge);
      return send(res, 200, o.bridge.challenge(b.token, b.address));
    }
    if (name === 'connect' && post) {
      const b = await readBody(req, bodies.connect);
      return send(res, 200, { address: b.address, ...o.bridge.connect(b.token, b.address, b.signature) });
    }
    if (name === 'pending' && req.method === 'GET') {
      const secret = bearer(req);
      const aborted = new AbortController();
      res.on('close', () => aborted.abort());
      const answer = await o.bridge.pending(secret, aborted.signal);
      if (!res.destroyed) send(res, 200, answer);
      return;
    }
    if (name === 'signed' && post) {
      const secret = bearer(req);
      const b = await readBody(req, bodies.signed);
      o.bridge.signed(secret, b.requestId, b.signature);
      return send(res, 200, { ok: true });
    }
    if (name === 'refused' && post) {
      const secret = bearer(req);
      const b = await readBody(req, bodies.refused);
      o.bridge.refused(secret, b.requestId, b.reason || 'no reason given');
      return send(res, 200, { ok: true });
    }
    throw new BridgeError(404, 'not-found', `no such bridge call: ${req.method} /wallet-bridge/${name}`);
  };

  return async (req, res, url) => {
    const path = url.pathname;
    if (path === '/wallet-connect') {
      res.writeHead(308, { location: '/wallet-connect/' });
      res.end();
      return true;
    }
    if (path.startsWith('/wallet-connect/') && (req.method === 'GET' || req.method === 'HEAD')) {
      const file = findStaticFile(
        o.staticDir ?? defaultWalletPageDir(),
        path.slice('/wallet-connect'.length),
      );
      if (!file) {
        send(res, 404, {
          error: 'not-found',
          message: `no such file: ${path} (is the page built? npm run build)`,
        });
        return true;
      }
      const headers = { ...file.headers };
      if (headers['content-security-policy']) headers['content-security-policy'] = WALLET_CONNECT_CSP;
      res.writeHead(200, { ...headers, 'content-length': file.body.length });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return true;
    }
    const name = /^\/wallet-bridge\/([a-z]+)$/.exec(path)?.[1];
    if (!path.startsWith('/wallet-bridge/')) return false;
    const t = o.now();
    failures = failures.filter((at) => t - at < 60_000);
    let counts = false;
    try {
      // A foreign page's calls are refused before they are counted: counting them would let any site
      // the owner visits lock the real page out. What is counted is guessing from this origin.
      checkCaller(req);
      if (failures.length >= FAILURES_PER_MINUTE)
        throw new BridgeError(429, 'rate-limited', 'too many failed attempts: wait a minute and try again');
      counts = true;
      await bridgeCall(req, res, name ?? '');
    } catch (error) {
      if (!(error instanceof BridgeError)) throw error;
      if (counts) failures.push(t);
      if (!res.headersSent) send(res, error.status, { error: error.code, message: error.message });
    }
    return true;
  };
}
