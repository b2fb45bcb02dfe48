// The dashboard's loopback transport: only a holder of the token, on this machine, through a loopback
// Host (no DNS rebinding) reaches the API; every input is checked against the contract before the
// node sees it; events stream over a WebSocket that refuses foreign pages. The api object here is a
// recorder: this file tests the transport, the node's side has its own tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DashboardEvent, NodeApi, ProviderApi } from '../../common/dashboard-api.js';
import { nodeSettingsSchema } from '../../common/node-settings.js';
import { startDashboardServer, type DashboardServer } from '../../main/dashboard/dashboard-server.js';
import { nodeState } from '../fixtures/node-state.js';

const TOKEN = 'a1'.repeat(24);
const STATE = nodeState({ headline: 'Earning: ready, waiting for the next job' });

let calls: [name: string, input: unknown][] = [];
const listeners = new Set<(event: DashboardEvent) => void>();
let failNext: Error | null = null;

/** Records every call; answers with fixed values shaped like the contract's outputs. */
const record =
  <T>(name: string, answer: T) =>
  (input: unknown): Promise<T> => {
    calls.push([name, input]);
    if (failNext) {
      const error = failNext;
      failNext = null;
      return Promise.reject(error);
    }
    return Promise.resolve(answer);
  };
const started = { started: true, message: 'ok' };
// The node's calls only: this file checks the server's rules, which are the same for every call.
const nodeApi: NodeApi = {
  getState: record('getState', STATE),
  getJobs: record('getJobs', { jobs: [] }),
  getEarnings: record('getEarnings', { buckets: [] }),
  getLog: record('getLog', { lines: [] }),
  getTelemetry: record('getTelemetry', { samples: [] }),
  getNetworkStats: record('getNetworkStats', {
    at: 0,
    stats: {
      devicesByStatus: {},
      verifiedGpus: 0,
      jobsQueued: 0,
      jobsVerified: 0,
      jobsFailed: 0,
      computeHours: 0,
      fees: '0',
      credited: '0',
      paid: '0',
    },
  }),
  getDiagnostics: record('getDiagnostics', {
    version: '0.1.0',
    platform: 'linux x64',
    dataDir: '/tmp/x',
    benchmark: null,
    proofs: [],
  }),
  exportEarningsCsv: record('exportEarningsCsv', {
    filename: 'io-earnings-2024-06-15.csv',
    csv: 'a,b\n1,2\n',
  }),
  getSettings: record('getSettings', nodeSettingsSchema.parse({})),
  updateSettings: record('updateSettings', nodeSettingsSchema.parse({})),
  setMode: record('setMode', STATE),
  snooze: record('snooze', STATE),
  finish: record('finish', STATE),
  runBenchmark: record('runBenchmark', started),
  proveNow: record('proveNow', started),
};
const api = nodeApi as ProviderApi;

// A built UI in miniature, with a secret beside it that no request path may reach.
const root = mkdtempSync(join(tmpdir(), 'dashboard-static-'));
const staticDir = join(root, 'renderer');
mkdirSync(staticDir);
writeFileSync(join(root, 'secret.json'), '{"secret": true}');
writeFileSync(
  join(staticDir, 'index.html'),
  '<!doctype html><title>io-provider node</title><script type="module" src="/app.js"></script>',
);
writeFileSync(join(staticDir, 'app.js'), 'console.log("app");');
writeFileSync(join(staticDir, 'app.css'), 'body{margin:0}');

let server: DashboardServer;
let port = 0;
beforeAll(async () => {
  server = await startDashboardServer({
    api,
    token: TOKEN,
    staticDir,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  port = Number(new URL(server.origin).port);
});
afterAll(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  calls = [];
  failNext = null;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

/** node:http rather than fetch: fetch will not send a forged Host header. */
function send(
  method: string,
  path: string,
  o: { token?: string | null; host?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { host: o.host ?? `127.0.0.1:${port}`, ...o.headers };
  const token = o.token === undefined ? TOKEN : o.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}
const callApi = (name: string, input: unknown, o: Parameters<typeof send>[2] = {}) =>
  send('POST', `/api/call/${name}`, { body: JSON.stringify(input), ...o });

describe('who may call', () => {
  it('refuses a request without the token: 401 with {error, message}, and the api is not called', async () => {
    const answer = await callApi('getState', {}, { token: null });
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual({
      error: 'bad-token',
      message: 'open the dashboard from the URL the node printed (it carries the token)',
    });
    expect(calls).toEqual([]);
  });

  it('refuses a wrong token, of the same length or not, in the header or the query', async () => {
    const sameLength = 'b2'.repeat(24);
    expect((await callApi('getState', {}, { token: sameLength })).status).toBe(401);
    expect((await callApi('getState', {}, { token: TOKEN.slice(1) })).status).toBe(401);
    expect((await callApi('getState', {}, { token: `${TOKEN}0` })).status).toBe(401);
    expect((await send('GET', `/api/state?token=${sameLength}`, { token: null })).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('accepts the token as a bearer header or as ?token= (the page’s CSV link)', async () => {
    const viaHeader = await send('GET', '/api/state');
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.json()).toEqual(STATE);
    const csv = await send('GET', `/api/earnings.csv?token=${TOKEN}`, { token: null });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="io-earnings-2024-06-15.csv"');
    expect(csv.text).toBe('a,b\n1,2\n');
  });

  it('refuses a Host that is not loopback (DNS rebinding), even with the token and for the page', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', '192.168.1.5']) {
      const answer = await callApi('getState', {}, { host });
      expect(answer.status, host).toBe(403);
      expect(answer.json()).toEqual({ error: 'bad-host', message: 'loopback only' });
    }
    expect((await send('GET', '/', { host: 'evil.example', token: null })).status).toBe(403);
    expect(calls).toEqual([]);
    // The loopback names all work.
    for (const host of [`localhost:${port}`, `[::1]:${port}`, '127.0.0.1'])
      expect((await callApi('getState', {}, { host })).status, host).toBe(200);
  });

  // tokenOk compares string lengths, then timingSafeEqual on the UTF-8 bytes: a same-length token
  // with a non-ASCII character has more bytes, timingSafeEqual throws, and the client sees a 500
  // with Node's internal message instead of a 401.
  it('answers 401, not 500, to a same-length token with a non-ASCII character', async () => {
    const answer = await send('GET', `/api/state?token=${TOKEN.slice(0, -1)}%C3%A9`, { token: null });
    expect(answer.json()).toMatchObject({ error: 'bad-token' });
    expect(answer.status).toBe(401);
  });
});

describe('calls and their inputs', () => {
  it('answers 404 for an unknown call, a GET on a call, or an unknown path', async () => {
    const unknown = await callApi('deleteEverything', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      error: 'not-found',
      message: 'no such call: POST /api/call/deleteEverything',
    });
    expect((await send('GET', '/api/call/getState')).status).toBe(404);
    expect((await callApi('toString', {})).status).toBe(404); // not the api object's prototype
    expect((await send('GET', '/nothing-here')).status).toBe(404);
    expect(calls).toEqual([]);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const answer = await send('POST', '/api/call/setMode', { body: '{"mode": "paused"' });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({ error: 'bad-json', message: 'the body is not JSON' });
    expect(calls).toEqual([]);
  });

  it('answers 400 naming the field for input outside the contract, and never calls the node', async () => {
    const cases: [name: string, input: unknown, field: RegExp][] = [
      ['setMode', { mode: 'turbo' }, /^setMode: mode: /],
      ['snooze', { hours: 2 }, /^snooze: hours: one of 1, 3, 6, 12/],
      ['snooze', {}, /^snooze: hours: /],
      ['getJobs', { limit: 10, extra: true }, /^getJobs: .*extra/],
      ['getJobs', { limit: 501 }, /^getJobs: limit: /],
      ['getState', { sneaky: 1 }, /^getState: .*sneaky/],
      [
        'updateSettings',
        { governor: { limits: { temperatureLimitC: 500 } } },
        /governor\.limits\.temperatureLimitC/,
      ],
      ['updateSettings', { version: 2 }, /version/],
    ];
    for (const [name, input, field] of cases) {
      const answer = await callApi(name, input);
      expect(answer.status, JSON.stringify(input)).toBe(400);
      const body = answer.json() as { error: string; message: string };
      expect(body.error).toBe('bad-input');
      expect(body.message, JSON.stringify(input)).toMatch(field);
    }
    expect(calls).toEqual([]);
  });

  it('answers 413 to a body over 64 KiB without calling the node', async () => {
    const body = JSON.stringify({ deviceName: 'x'.repeat(65 * 1024) });
    const answer = await send('POST', '/api/call/updateSettings', { body });
    expect(answer.status).toBe(413);
    expect(answer.json()).toEqual({ error: 'body-too-large', message: 'bodies are limited to 65536 bytes' });
    expect(calls).toEqual([]);
  });

  it('passes a valid call the parsed input (defaults applied) and returns the node’s answer', async () => {
    const mode = await callApi('setMode', { mode: 'paused' });
    expect(mode.status).toBe(200);
    expect(mode.json()).toEqual(STATE);
    expect((await callApi('getJobs', {})).json()).toEqual({ jobs: [] });
    expect((await callApi('snooze', { hours: 3 })).status).toBe(200);
    // An empty body counts as {} for calls without input.
    expect((await send('POST', '/api/call/finish')).status).toBe(200);

    expect(calls).toEqual([
      ['setMode', { mode: 'paused' }],
      ['getJobs', { limit: 50 }],
      ['snooze', { hours: 3 }],
      ['finish', {}],
    ]);
  });

  it('turns a failure inside the node into 500 {error: failed, message}', async () => {
    failNext = new Error('the GPU worker is restarting');
    const answer = await callApi('runBenchmark', {});
    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({ error: 'failed', message: 'the GPU worker is restarting' });
  });
});

describe('the page', () => {
  it('is served at / without the token (the page reads it from its URL) with a strict CSP and no framing', async () => {
    const page = await send('GET', '/', { token: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    const csp = page.headers['content-security-policy'] as string;
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*\.|https?:\/\/[^1l]/);
    // The page may talk only to this node: itself and loopback WebSockets, no other host.
    const connectSrc = directives.get('connect-src')!;
    expect(connectSrc).toContain("'self'");
    for (const source of connectSrc) expect(source).toMatch(/^('self'|ws:\/\/(127\.0\.0\.1|localhost):\*)$/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.text).toMatch(/^<!doctype html>/i);
    expect(page.text).not.toContain(TOKEN);
  });

  it('serves the built assets by exact name with their content types; the browser revalidates them', async () => {
    const js = await send('GET', '/app.js', { token: null });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('no-cache');
    expect(js.text).toBe('console.log("app");');
    const css = await send('GET', '/app.css', { token: null });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const again = await send('GET', '/app.js', {
      token: null,
      headers: { 'if-none-match': js.headers.etag as string },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('answers 404 to an unknown asset and to every path that tries to leave the folder', async () => {
    for (const path of [
      '/nothing.js',
      '/app.js/',
      '/../secret.json',
      '/%2e%2e/secret.json',
      '/..%2fsecret.json',
      '/%2e%2e%2fsecret.json',
      '/renderer/../secret.json',
      '/.%2e/.%2e/package.json',
      '//etc/passwd',
      '/app.js%00.css',
      '/secret.json',
    ]) {
      const answer = await send('GET', path, { token: null });
      expect(answer.status, path).toBe(404);
      expect(answer.text, path).not.toContain('"secret": true');
    }
  });

  it('keeps the loopback Host check for the page and its assets', async () => {
    expect((await send('GET', '/app.js', { host: 'evil.example', token: null })).status).toBe(403);
  });

  it('answers 503 with a hint when the UI was never built', async () => {
    const bare = await startDashboardServer({
      api,
      token: TOKEN,
      staticDir: join(root, 'missing'),
      onEvent: () => () => {},
    });
    try {
      const answer = await fetch(`${bare.origin}/`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toMatchObject({ error: 'not-built' });
    } finally {
      await bare.stop();
    }
  });
});

describe('the event WebSocket at /api/events', () => {
  const sockets: WebSocket[] = [];
  afterEach(() => sockets.splice(0).forEach((ws) => ws.terminate()));

  // Messages are queued from the start: the first one can arrive in the same packet as the upgrade.
  const inbox = new WeakMap<WebSocket, DashboardEvent[]>();

  /** Opens a socket; resolves with it once open, or with the HTTP status of the refusal. */
  function connect(path: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    sockets.push(ws);
    const queue: DashboardEvent[] = [];
    inbox.set(ws, queue);
    ws.on('message', (data) => queue.push(JSON.parse(String(data)) as DashboardEvent));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
      ws.once('error', reject);
    });
  }
  async function nextMessage(ws: WebSocket): Promise<DashboardEvent> {
    const queue = inbox.get(ws)!;
    await expect.poll(() => queue.length, { timeout: 2_000 }).toBeGreaterThan(0);
    return queue.shift()!;
  }

  it('refuses a missing or wrong token', async () => {
    expect(await connect('/api/events')).toBe(401);
    expect(await connect(`/api/events?token=${'b2'.repeat(24)}`)).toBe(401);
    expect(listeners.size).toBe(0);
  });

  it('refuses a page from another origin even with the token, and a foreign Host', async () => {
    expect(await connect(`/api/events?token=${TOKEN}`, { origin: 'http://evil.example' })).toBe(401);
    expect(await connect(`/api/events?token=${TOKEN}`, { origin: 'https://127.0.0.1' })).toBe(401);
    expect(await connect(`/api/events?token=${TOKEN}`, { host: 'evil.example' })).toBe(401);
    expect(await connect(`/other?token=${TOKEN}`)).toBe(401);
    expect(listeners.size).toBe(0);
  });

  it('with the token sends the state first, then every event, and unsubscribes on close', async () => {
    const ws = await connect(`/api/events?token=${TOKEN}`, { origin: server.origin });
    expect(ws).toBeInstanceOf(WebSocket);
    const socket = ws as WebSocket;
    expect(await nextMessage(socket)).toEqual({ type: 'state', state: STATE });
    expect(listeners.size).toBe(1);

    const log: DashboardEvent = { type: 'log', at: 1_700_000_000_000, message: 'job J1 verified' };
    for (const listener of listeners) listener(log);
    expect(await nextMessage(socket)).toEqual(log);

    socket.close();
    await once(socket, 'close');
    await expect.poll(() => listeners.size).toBe(0);
  });
});

describe('a hostile WebSocket upgrade', () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  // The same token comparison as above, but in the 'upgrade' handler there is no catch: the RangeError
  // from timingSafeEqual is an uncaught exception and the whole node process exits. Any local
  // program, or a web page that finds the port, can stop the node. Run in a child process so the
  // crash cannot take this test runner's worker with it.
  it('does not bring the node down with a same-length non-ASCII token', { timeout: 20_000 }, async () => {
    const script = fileURLToPath(new URL('../fixtures/dashboard-child.ts', import.meta.url));
    child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const { origin, token } = JSON.parse(line) as { origin: string; token: string };

    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/events?token=${token.slice(0, -1)}%C3%A9`);
    const refused = await new Promise<number | string>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
      ws.once('error', (error) => resolve(error.message));
    });
    ws.terminate();
    // Still serving afterwards: a crashed process refuses (or resets) this connection.
    const after = await fetch(`${origin}/api/state?token=${token}`).then(
      (res) => res.status,
      () => 'down',
    );

    expect(refused).toBe(401);
    expect(after).toBe(200);
    expect(child.exitCode).toBeNull();
  });
});
