// `io-provider network` as an operator runs it: it prints where the coordinator and chain listen,
// both answer there, and Ctrl-C stops it cleanly with its state kept.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('starts the sandbox network, serves the OpenAPI document and stops on SIGINT', async () => {
  const data = mkdtempSync(join(tmpdir(), 'cli-network-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'network', '--data', data], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 20_000;
    while (!/chain RPC\s+(\S+)/.test(out)) {
      if (Date.now() > deadline) throw new Error(`network did not start: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const coordinator = /coordinator\s+(http\S+)/.exec(out)![1]!;
    const rpc = /chain RPC\s+(\S+)/.exec(out)![1]!;
    const openapi = (await (await fetch(`${coordinator}/openapi.json`)).json()) as { openapi: string };
    expect(openapi.openapi).toMatch(/^3\.1/);
    const health = (await (
      await fetch(rpc, {
        method: 'POST',
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getHealth' }),
      })
    ).json()) as { result: string };
    expect(health.result).toBe('ok');
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  expect(out).toMatch(/stopped; its state is kept/);
  expect(existsSync(join(data, 'coordinator'))).toBe(true);
}, 40_000);
