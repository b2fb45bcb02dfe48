// Hostile and broken requests over real HTTP: each is refused with a clear error and leaves every
// table (spent nonces included) exactly as it was.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Coordinator } from '../../coordinator/coordinator.js';
import { canaryJob } from '../../coordinator/workload/generator.js';
import { signRequest } from '../../common/node/signed-request.js';
import { snapshot, startTestCoordinator } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

let coordinator: Coordinator;
let device: SimDevice;

beforeEach(async () => {
  coordinator = await startTestCoordinator({ maxBodyBytes: 64 * 1024 });
  device = new SimDevice(coordinator.url);
  await device.register();
  await coordinator.devices.markVerified(device.id, 'rtx-3060', 3000);
  await device.heartbeat();
  await coordinator.enqueue([canaryJob(0)]);
});
afterEach(() => coordinator.stop());

/**
 * Runs a refused request and checks the status, the error code and that nothing changed. An
 * authentic, well-formed request spends its nonce even when the handler refuses it (so it cannot be
 * replayed once the state changes): `spendsNonce` leaves used_nonces out of the comparison.
 */
async function refused(
  send: () => Promise<{ status: number; body: any }>,
  status: number,
  code: string,
  spendsNonce = false,
) {
  const before = snapshot(coordinator, !spendsNonce);
  const reply = await send();
  expect(reply.status).toBe(status);
  expect(reply.body.error).toBe(code);
  expect(reply.body.message.length).toBeGreaterThan(10);
  expect(snapshot(coordinator, !spendsNonce)).toBe(before);
  return reply.body.message as string;
}

describe('coordinator request checks', () => {
  it('refuses a forged signature, a changed body and a foreign key', async () => {
    const forged = await refused(
      () =>
        device.request('POST', '/v1/jobs/lease', { max: 1 }, (init) => {
          const sig = Buffer.from(init.headers['x-io-signature']!, 'base64');
          sig[0]! ^= 1;
          init.headers['x-io-signature'] = sig.toString('base64');
        }),
      401,
      'bad-signature',
    );
    expect(forged).toMatch(/signature does not verify/);
    await refused(
      () => device.request('POST', '/v1/jobs/lease', { max: 1 }, (init) => (init.body = '{"max":2}')),
      401,
      'bad-signature',
    );
    const other = new SimDevice(coordinator.url);
    await refused(
      () =>
        device.request(
          'POST',
          '/v1/jobs/lease',
          { max: 1 },
          (init) => (init.headers['x-io-device'] = other.id),
        ),
      401,
      'bad-signature',
    );
  });

  it('refuses a replayed request', async () => {
    const body = JSON.stringify({ max: 1 });
    const headers = {
      ...signRequest(device.identity, 'POST', '/v1/jobs/lease', body),
      'content-type': 'application/json',
    };
    const send = async () => {
      const res = await fetch(`${coordinator.url}/v1/jobs/lease`, { method: 'POST', headers, body });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect((await send()).body.jobs).toHaveLength(1);
    expect(await refused(send, 401, 'replayed')).toMatch(/replay refused/);
  });

  it('refuses stale timestamps and missing headers', async () => {
    const old = Date.now() - 120_000;
    await refused(
      async () => {
        const headers = signRequest(device.identity, 'GET', '/v1/earnings', '', old);
        const res = await fetch(`${coordinator.url}/v1/earnings`, { headers });
        return { status: res.status, body: await res.json() };
      },
      401,
      'bad-signature',
    );
    const missing = await refused(
      async () => {
        const res = await fetch(`${coordinator.url}/v1/earnings`);
        return { status: res.status, body: await res.json() };
      },
      401,
      'bad-signature',
    );
    expect(missing).toMatch(/missing header x-io-device/);
  });

  it('refuses unknown devices, except to register', async () => {
    const stranger = new SimDevice(coordinator.url);
    expect(await refused(() => stranger.lease(), 401, 'unknown-device')).toMatch(/not registered/);
    expect((await stranger.register()).body.status).toBe('pending');
  });

  it('names the problem in malformed and invalid bodies', async () => {
    const json = await refused(
      () => device.request('POST', '/v1/jobs/lease', undefined, (init) => (init.body = '{"max":')),
      401,
      'bad-signature',
    );
    expect(json).toBeTruthy();
    // Signed over the broken text itself, so it passes the signature and fails at parsing.
    const raw = async (text: string) => {
      const headers = {
        ...signRequest(device.identity, 'POST', '/v1/jobs/lease', text),
        'content-type': 'application/json',
      };
      const res = await fetch(`${coordinator.url}/v1/jobs/lease`, { method: 'POST', headers, body: text });
      return { status: res.status, body: await res.json() };
    };
    expect(await refused(() => raw('{"max":'), 400, 'malformed-json')).toMatch(/not valid JSON/);
    expect(await refused(() => raw('{"max":"ten"}'), 400, 'invalid-body')).toMatch(/^max: /);
    const register = await refused(
      () =>
        device.request('POST', '/v1/devices/register', {
          hardware: { gpus: 'many' },
          claimedClass: 'rtx-9999',
        }),
      400,
      'invalid-body',
    );
    expect(register).toMatch(/hardware\.gpus/);
    expect(register).toMatch(/claimedClass/);
  });

  it('refuses an oversized body with 413 and stays up', async () => {
    const big = 'x'.repeat(100 * 1024);
    const reply = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        `${coordinator.url}/v1/results`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(big);
    });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toBe('body-too-large');
    expect((await device.earnings()).status).toBe(200);
  });

  it('answers unknown routes with 404, wrong methods with 405, and serves the OpenAPI document', async () => {
    expect((await fetch(`${coordinator.url}/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${coordinator.url}/v1/jobs/lease`)).status).toBe(405);
    const doc = (await (await fetch(`${coordinator.url}/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(
      doc.paths['/v1/results'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('receipt');
    expect(Object.keys(doc.paths)).toContain('/v1/devices/heartbeat');
  });

  it('refuses a receipt signed by another key, or for another job', async () => {
    const { jobs } = (await device.lease()).body;
    const submission = device.resultFor(jobs[0]!);
    const thief = new SimDevice(coordinator.url);
    const stolen = thief.resultFor(jobs[0]!);
    const wrongKey = {
      ...submission,
      receipt: { body: submission.receipt.body, signature: stolen.receipt.signature },
    };
    expect(
      await refused(() => device.request('POST', '/v1/results', wrongKey), 400, 'bad-receipt', true),
    ).toMatch(/receipt.signature/);
    const otherJob = {
      ...submission,
      receipt: { ...submission.receipt, body: { ...submission.receipt.body, jobId: 'x' } },
    };
    expect(
      await refused(() => device.request('POST', '/v1/results', otherJob), 400, 'bad-receipt', true),
    ).toMatch(/jobId/);
    await thief.register();
    expect(
      await refused(() => thief.request('POST', '/v1/results', stolen), 403, 'not-your-lease', true),
    ).toMatch(/another device/);
  });
});
