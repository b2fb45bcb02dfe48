// The node's client for the network, against a real HTTP server: the two kinds of failure the node
// acts on differently (unreachable or garbage: keep the work and retry; a refusal: show it, never
// retry as is), and requests signed so the coordinator's own check accepts them.
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkSignedRequest } from '../../common/node/signed-request.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import {
  CoordinatorClient,
  CoordinatorRefusedError,
  NetworkUnavailableError,
} from '../../main/network/coordinator-client.js';

const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'coordinator-client-')));

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
/** What the server answers next, and every request it saw. */
let reply: { status: number; body: string; contentType?: string; hang?: boolean } = {
  status: 200,
  body: '{}',
};
let seen: Seen[] = [];

let server: Server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (reply.hang) return; // never answers: the client's timeout must fire
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  reply = { status: 200, body: '{}' };
});

const client = (o: Partial<ConstructorParameters<typeof CoordinatorClient>[0]> = {}) =>
  new CoordinatorClient({ baseUrl, identity, ...o });
const earnings = { deviceId: identity.deviceId, pending: '1', verified: '2', paid: '3', jobsCredited: 4 };

/** The rejection of a promise, to look at its class and fields. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as Error,
  );

describe('the network cannot be reached or answers garbage: NetworkUnavailableError', () => {
  it('names the URL when the connection is refused', async () => {
    // A port that was just listening and is now closed: nothing answers there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));

    const error = await failure(client({ baseUrl: `${url}/` }).earnings());

    expect(error).toBeInstanceOf(NetworkUnavailableError);
    expect(error.message).toBe(`cannot reach the network at ${url} (ECONNREFUSED)`);
  });

  it('gives up after the timeout when the network does not answer', async () => {
    reply = { status: 200, body: '', hang: true };
    const error = await failure(client({ timeoutMs: 200 }).earnings());
    expect(error).toBeInstanceOf(NetworkUnavailableError);
    expect(error.message).toMatch(new RegExp(`^cannot reach the network at ${baseUrl} `));
  });

  it('treats a 500, even with a well-formed error body, as the network being away', async () => {
    reply = { status: 500, body: JSON.stringify({ error: 'internal', message: 'database is locked' }) };
    const error = await failure(client().earnings());
    expect(error).toBeInstanceOf(NetworkUnavailableError);
    expect(error.message).toBe('the network answered 500 on /v1/earnings: database is locked');
  });

  it('treats a gateway’s HTML page as the network being away', async () => {
    reply = { status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' };
    const error = await failure(client().earnings());
    expect(error).toBeInstanceOf(NetworkUnavailableError);
    expect(error.message).toBe('the network answered 502 without JSON on /v1/earnings');
  });

  it('treats a 4xx without the {error, message} shape as garbage, not a refusal', async () => {
    reply = { status: 404, body: JSON.stringify({ detail: 'no route' }) };
    const error = await failure(client().earnings());
    expect(error).toBeInstanceOf(NetworkUnavailableError);
    expect(error.message).toBe('the network answered 404 on /v1/earnings');
  });

  it('treats a 200 whose body breaks the schema as an unexpected answer, naming the field', async () => {
    reply = { status: 200, body: JSON.stringify({ ...earnings, verified: 2 }) };
    const error = await failure(client().earnings());
    expect(error).toBeInstanceOf(NetworkUnavailableError);
    expect(error.message).toMatch(/^unexpected answer on \/v1\/earnings: verified: /);
  });
});

describe('the network refuses: CoordinatorRefusedError', () => {
  it('carries the status, the machine code and the message', async () => {
    reply = {
      status: 409,
      body: JSON.stringify({
        error: 'already-submitted',
        message: 'a result for lease L1 was already received',
      }),
    };
    const error = await failure(client().lease(1));
    expect(error).toBeInstanceOf(CoordinatorRefusedError);
    expect(error).toMatchObject({
      status: 409,
      code: 'already-submitted',
      message: 'a result for lease L1 was already received',
    });
    expect(error).not.toBeInstanceOf(NetworkUnavailableError);
  });
});

describe('signed requests', () => {
  it('signs a POST with its exact body so the coordinator’s check accepts it', async () => {
    reply = { status: 200, body: JSON.stringify({ jobs: [], reason: 'queue empty' }) };
    expect(await client().lease(3)).toEqual({ jobs: [], reason: 'queue empty', wait: null });

    const [req] = seen;
    expect(req).toMatchObject({ method: 'POST', url: '/v1/jobs/lease', body: '{"max":3}' });
    expect(req!.headers['x-io-device']).toBe(identity.deviceId);
    expect(req!.headers['x-io-nonce']).toMatch(/^[0-9a-f]{32}$/);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(checkSignedRequest(req!.headers, req!.method, req!.url, req!.body)).toMatchObject({
      deviceId: identity.deviceId,
    });
    // The signature covers the body: a changed body does not verify.
    expect(() => checkSignedRequest(req!.headers, req!.method, req!.url, '{"max":30}')).toThrow(
      /does not verify/,
    );
  });

  it('signs a GET over the empty body, with the clock it was given and a fresh nonce each time', async () => {
    const now = Date.now() - 5_000;
    reply = { status: 200, body: JSON.stringify(earnings) };
    const c = client({ now: () => now });
    expect(await c.earnings()).toEqual(earnings);
    await c.earnings();

    const [first, second] = seen;
    expect(first).toMatchObject({ method: 'GET', url: '/v1/earnings', body: '' });
    expect(first!.headers['x-io-timestamp']).toBe(String(now));
    expect(checkSignedRequest(first!.headers, 'GET', '/v1/earnings', '', now)).toMatchObject({
      timestamp: now,
    });
    expect(second!.headers['x-io-nonce']).not.toBe(first!.headers['x-io-nonce']);
  });

  it('sends the public network info request unsigned', async () => {
    const info = {
      rpcUrl: null,
      ioMint: null,
      decimals: 9,
      feeBps: 500,
      leaseMs: 60_000,
      heartbeatFreshMs: 30_000,
    };
    reply = { status: 200, body: JSON.stringify(info) };
    expect(await client().info()).toEqual(info);
    expect(seen[0]!.url).toBe('/v1/network');
    expect(seen[0]!.headers['x-io-device']).toBeUndefined();
    expect(seen[0]!.headers['x-io-signature']).toBeUndefined();
  });
});
