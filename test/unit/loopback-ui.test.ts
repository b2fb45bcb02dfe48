// The headless node's dashboard keeps its port and token across restarts, so a page left open
// reconnects by itself; a damaged address file or a port taken meanwhile never stops the node.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderApi } from '../../common/dashboard-api.js';
import { dashboardAddressPath, loopbackUi } from '../../main/compose/loopback-ui.js';
import type { UiEndpoint } from '../../main/compose/ui-transport.js';
import { nodeState } from '../fixtures/node-state.js';

const api = new Proxy({} as ProviderApi, { get: () => () => Promise.resolve(nodeState()) });
const dirs: string[] = [];
const endpoints: UiEndpoint[] = [];

async function open(dataDir: string, port?: number): Promise<UiEndpoint> {
  const endpoint = await loopbackUi({ dataDir, port })(api, () => () => {});
  endpoints.push(endpoint);
  return endpoint;
}

function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'io-loopback-ui-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const endpoint of endpoints.splice(0)) await endpoint.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the loopback dashboard address', () => {
  it('is the same URL after a restart, and the file is readable by the owner only', async () => {
    const dataDir = fresh();
    const first = await open(dataDir);
    await first.stop();
    const second = await open(dataDir);
    expect(second.url).toBe(first.url);
    expect(second.http).toEqual(first.http);
    expect(statSync(dashboardAddressPath(dataDir)).mode & 0o777).toBe(0o600);
    const state = await fetch(`${second.http!.origin}/api/state`, {
      headers: { authorization: `Bearer ${first.http!.token}` },
    });
    expect(state.status).toBe(200);
  });

  it('keeps the port when started with --port 0 (any port), as `run` without --port does', async () => {
    const dataDir = fresh();
    const first = await open(dataDir, 0);
    await first.stop();
    expect((await open(dataDir, 0)).url).toBe(first.url);
  });

  it('takes a free port when the old one is taken, keeping the token', async () => {
    const dataDir = fresh();
    const first = await open(dataDir);
    await first.stop();
    const port = Number(new URL(first.http!.origin).port);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const second = await open(dataDir);
      expect(second.http!.origin).not.toBe(first.http!.origin);
      expect(second.http!.token).toBe(first.http!.token);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('starts with a new token when the file is damaged', async () => {
    const dataDir = fresh();
    writeFileSync(dashboardAddressPath(dataDir), '{"port": 9, "token": "short"');
    const endpoint = await open(dataDir);
    expect(endpoint.http!.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses to fall back when the owner asked for a port that is taken', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    try {
      await expect(open(fresh(), port)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
