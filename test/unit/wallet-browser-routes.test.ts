// The browser-wallet routes as the dashboard server mounts them, over real HTTP: the page's files
// without the dashboard token under a strict CSP, and a bridge that only its own origin can call
// (Origin, Host, JSON bodies, no CORS), with small checked bodies and failures rate-limited.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderApi } from '../../common/dashboard-api.js';
import { startDashboardServer, type DashboardServer } from '../../main/dashboard/dashboard-server.js';
import { WALLET_CONNECT_CSP } from '../../main/wallet/browser/bridge-routes.js';
import { createBrowserWallet, type BrowserWallet } from '../../main/wallet/browser/browser-wallet.js';
import { messageOf, signingRequest, testKey, transferTx } from './wallet-browser-fixture.js';

let server: DashboardServer;
let wallet: BrowserWallet;
let clock = 0;
const pageDir = mkdtempSync(join(tmpdir(), 'wallet-page-'));

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: { error?: string; message?: string } & Record<string, unknown>;
}

function call(
  method: string,
  path: string,
  o: { body?: unknown; raw?: string; headers?: Record<string, string>; origin?: string | null } = {},
): Promise<Reply> {
  const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  const origin = o.origin === undefined ? server.origin : o.origin;
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(origin ? { origin } : {}),
    ...o.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(`${server.origin}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let json = {};
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON: a page */
        }
        resolve({ status: res.statusCode!, headers: res.headers, body: text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>wallet</title>');
  writeFileSync(join(pageDir, 'page.js'), 'export {};');
  mkdirSync(join(pageDir, 'sub'));
  let origin = '';
  wallet = createBrowserWallet({ origin: () => origin, now: () => clock, staticDir: pageDir, pollMs: 50 });
  server = await startDashboardServer({
    api: {} as ProviderApi, // the wallet routes never reach the dashboard's API
    onEvent: () => () => undefined,
    publicRoutes: wallet.routes,
    staticDir: join(pageDir, 'sub'), // the dashboard's own files: none here
  });
  origin = server.origin;
});
afterAll(async () => {
  await server.stop();
  rmSync(pageDir, { recursive: true, force: true });
});
beforeEach(() => {
  clock += 120_000; // a fresh rate-limit window for each test
});

describe('the page', () => {
  it('is served without the dashboard token, under a CSP that only allows this origin', async () => {
    const page = await call('GET', '/wallet-connect/', { origin: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(WALLET_CONNECT_CSP);
    expect(WALLET_CONNECT_CSP).toContain("connect-src 'self';");
    expect(WALLET_CONNECT_CSP).toContain("script-src 'self';");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await call('GET', '/wallet-connect/page.js', { origin: null })).status).toBe(200);
    expect((await call('GET', '/wallet-connect', { origin: null })).headers.location).toBe(
      '/wallet-connect/',
    );
  });

  it('serves exact file names only, and leaves the dashboard API behind its token', async () => {
    for (const path of [
      '/wallet-connect/..%2findex.html',
      '/wallet-connect/%2e%2e%2fpackage.json',
      '/wallet-connect/sub',
      '/wallet-connect/sub/page.js',
    ])
      expect((await call('GET', path, { origin: null })).status, path).toBe(404);
    expect((await call('GET', '/api/state', { origin: null })).status).toBe(401);
  });
});

describe('the bridge', () => {
  it('connects and signs over HTTP: challenge, connect, long poll, signed', async () => {
    const owner = testKey();
    const token = wallet.open().url.split('#')[1]!;
    const challenge = await call('POST', '/wallet-bridge/challenge', {
      body: { token, address: owner.address },
    });
    expect(challenge.status).toBe(200);
    const message = challenge.json.message as string;
    const signature = Buffer.from(owner.sign(message)).toString('base64');
    const connected = await call('POST', '/wallet-bridge/connect', {
      body: { token, address: owner.address, signature },
    });
    expect(connected.json).toMatchObject({ address: owner.address, chain: null });
    const auth = { authorization: `Bearer ${connected.json.sessionSecret as string}` };

    const empty = await call('GET', '/wallet-bridge/pending', { headers: auth, origin: null });
    expect(empty.json).toEqual({ requests: [] });
    const tx = messageOf(transferTx(owner.publicKey));
    const result = wallet.signer()!.signMessage(tx, signingRequest('h1'));
    const pending = await call('GET', '/wallet-bridge/pending', { headers: auth });
    expect(pending.json.requests).toMatchObject([{ requestId: 'h1', signerIndex: 0 }]);
    const answer = { requestId: 'h1', signature: Buffer.from(owner.sign(tx)).toString('base64') };
    expect((await call('POST', '/wallet-bridge/signed', { body: answer, headers: auth })).status).toBe(200);
    expect(Buffer.from(await result).toString('base64')).toBe(answer.signature);
    const replay = await call('POST', '/wallet-bridge/signed', { body: answer, headers: auth });
    expect(replay.status).toBe(409);
    expect(replay.json.message).toMatch(/already answered/);
    expect((await call('GET', '/wallet-bridge/pending', { origin: null })).status).toBe(401);
  });

  it('answers only its own origin, through its own Host, with JSON bodies, and sends no CORS headers', async () => {
    const body = { token: 'a'.repeat(43), address: testKey().address };
    const foreign = await call('POST', '/wallet-bridge/challenge', { body, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect((await call('POST', '/wallet-bridge/challenge', { body, origin: null })).json.error).toBe(
      'bad-origin',
    );
    const crossSite = { 'sec-fetch-site': 'cross-site' };
    expect((await call('GET', '/wallet-bridge/pending', { origin: null, headers: crossSite })).status).toBe(
      403,
    );
    const otherHost = { host: `localhost:${new URL(server.origin).port}` };
    expect((await call('POST', '/wallet-bridge/challenge', { body, headers: otherHost })).json.error).toBe(
      'bad-host',
    );
    const plain = { 'content-type': 'text/plain' };
    expect((await call('POST', '/wallet-bridge/challenge', { body, headers: plain })).status).toBe(415);
  });

  it('checks every body: size, JSON, shape', async () => {
    const big = await call('POST', '/wallet-bridge/challenge', {
      raw: JSON.stringify({ pad: 'x'.repeat(9000) }),
    });
    expect(big.status).toBe(413);
    expect((await call('POST', '/wallet-bridge/challenge', { raw: '{' })).json.error).toBe('bad-json');
    const bad = await call('POST', '/wallet-bridge/connect', {
      body: { token: 'short', address: '0OIl', signature: 'abc', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/token/);
    expect((await call('POST', '/wallet-bridge/nope', { body: {} })).status).toBe(404);
  });

  it('rate-limits failures: after 20 in a minute even a good call waits', async () => {
    const owner = testKey();
    const token = wallet.open().url.split('#')[1]!;
    const guess = { token: 'b'.repeat(43), address: owner.address };
    // A foreign site's refused calls are not counted: they cannot lock the real page out.
    for (let i = 0; i < 25; i++)
      await call('POST', '/wallet-bridge/challenge', { body: guess, origin: 'https://evil.example' });
    const good = { body: { token, address: owner.address } };
    expect((await call('POST', '/wallet-bridge/challenge', good)).status).toBe(200);
    for (let i = 0; i < 20; i++)
      expect(
        (
          await call('POST', '/wallet-bridge/challenge', {
            body: { token: 'b'.repeat(43), address: owner.address },
          })
        ).status,
      ).toBe(401);
    const limited = await call('POST', '/wallet-bridge/challenge', {
      body: { token, address: owner.address },
    });
    expect(limited.status).toBe(429);
    clock += 60_000;
    expect(
      (await call('POST', '/wallet-bridge/challenge', { body: { token, address: owner.address } })).status,
    ).toBe(200);
  });
});
