// The node's dashboard over loopback: the contract's calls as POST /api/call/<name>, a WebSocket of
// events at /api/events, the CSV export, and the built React UI (dist/renderer) that uses them. Only this machine can connect
// (127.0.0.1), and only with the random per-run token from the printed URL; the Host and Origin
// checks stop a web page the owner visits from reaching the API through DNS rebinding.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { DashboardEvent, ProviderApi } from '../../common/dashboard-api.js';
import { CallRefused, dispatchCall, isCallName } from './dispatch-call.js';
import { defaultStaticDir, findStaticFile } from './static-files.js';

export interface DashboardServerOptions {
  api: ProviderApi;
  onEvent(listener: (event: DashboardEvent) => void): () => void;
  port?: number;
  host?: string;
  token?: string;
  /** The built UI (index.html, app.js, app.css); default: dist/renderer beside the bundled CLI. */
  staticDir?: string;
  /**
   * Routes that authenticate by themselves, tried before the token check: the browser-wallet page
   * and its bridge (main/wallet/browser/), opened in a browser that never sees the dashboard token.
   */
  publicRoutes?: LoopbackRoutes;
}

/** Handles a request and resolves true, or resolves false for a path it does not own. */
export type LoopbackRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface DashboardServer {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const LOCAL_HOSTS = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A request body as text; null once it passes `max` bytes (each server answers 413 in its own shape). */
export async function readBodyText(req: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBodyText(req, MAX_BODY);
  if (text === null) throw new HttpError(413, 'body-too-large', `bodies are limited to ${MAX_BODY} bytes`);
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad-json', 'the body is not JSON');
  }
}

export async function startDashboardServer(o: DashboardServerOptions): Promise<DashboardServer> {
  const token = o.token ?? randomBytes(24).toString('hex');
  const expected = Buffer.from(token);
  // Compare bytes, not characters: a same-length string with a non-ASCII character has more bytes,
  // and timingSafeEqual throws on unequal lengths (that throw once took the node down).
  const tokenOk = (given: string | null | undefined) => {
    if (!given) return false;
    const bytes = Buffer.from(given);
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  };
  const host = o.host ?? '127.0.0.1';
  const staticDir = o.staticDir ?? defaultStaticDir();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!LOCAL_HOSTS.test(req.headers.host ?? '')) throw new HttpError(403, 'bad-host', 'loopback only');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (o.publicRoutes && (await o.publicRoutes(req, res, url))) return;
    if ((req.method === 'GET' || req.method === 'HEAD') && !url.pathname.startsWith('/api/')) {
      // The UI's files need no token (they hold no data); the page reads the token from its URL.
      const file = findStaticFile(staticDir, url.pathname);
      if (!file) {
        if (url.pathname === '/')
          throw new HttpError(503, 'not-built', 'the dashboard UI is not built: run `npm run build`');
        throw new HttpError(404, 'not-found', `no such file: ${url.pathname}`);
      }
      if (req.headers['if-none-match'] === file.headers.etag) {
        res.writeHead(304, file.headers);
        res.end();
        return;
      }
      res.writeHead(200, { ...file.headers, 'content-length': file.body.length });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    if (!tokenOk(bearer ?? url.searchParams.get('token')))
      throw new HttpError(
        401,
        'bad-token',
        'open the dashboard from the URL the node printed (it carries the token)',
      );
    if (req.method === 'GET' && url.pathname === '/api/state')
      return sendJson(res, 200, await o.api.getState({}));
    if (req.method === 'GET' && url.pathname === '/api/earnings.csv') {
      const { filename, csv } = await o.api.exportEarningsCsv({});
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
      });
      res.end(csv);
      return;
    }
    const call = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname)?.[1];
    if (req.method !== 'POST' || !isCallName(call))
      throw new HttpError(404, 'not-found', `no such call: ${req.method} ${url.pathname}`);
    try {
      sendJson(res, 200, await dispatchCall(o.api, call, await readJson(req)));
    } catch (error) {
      if (error instanceof CallRefused) throw new HttpError(400, error.code, error.message);
      throw error;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError)
        return sendJson(res, error.status, { error: error.code, message: error.message });
      sendJson(res, 500, {
        error: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const sameOrigin = !origin || LOCAL_HOSTS.test(origin.replace(/^http:\/\//, ''));
    if (
      url.pathname !== '/api/events' ||
      !tokenOk(url.searchParams.get('token')) ||
      !sameOrigin ||
      !LOCAL_HOSTS.test(req.headers.host ?? '')
    ) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = o.onEvent((event) => ws.send(JSON.stringify(event)));
      ws.on('close', unsubscribe);
      void o.api.getState({}).then((state) => ws.send(JSON.stringify({ type: 'state', state })));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    stop: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
