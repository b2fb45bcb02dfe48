// A real provider node for end-to-end tests: `node dist/cli.js run --data DIR [--port P]` in a child
// process (embedded sandbox network), its printed dashboard URL, and `status --json` read through the
// CLI, exactly as an owner would run them. A failing test gets the node's output appended.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { NodeState } from '../../../common/dashboard-api.js';

export const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

export interface NodeProcess {
  child: ChildProcess;
  dataDir: string;
  stdout: string;
  stderr: string;
  /** The dashboard URL it printed (token included), its origin and token, and the device id. */
  url: string;
  origin: string;
  token: string;
  port: number;
  deviceId: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: { code: number | null; signal: NodeJS.Signals | null } | null;
}

const tail = (text: string, max = 4000) => (text.length > max ? `…${text.slice(-max)}` : text);

export function nodeLogs(node: NodeProcess | undefined): string {
  if (!node) return '';
  const state = node.exited
    ? `the node exited (code ${node.exited.code}, signal ${node.exited.signal})`
    : 'the node is still running';
  return `\n--- ${state}; its stderr ---\n${tail(node.stderr) || '(empty)'}\n--- its stdout ---\n${tail(node.stdout) || '(empty)'}`;
}

export const freshDataDir = () => mkdtempSync(join(tmpdir(), 'io-provider-dashboard-e2e-'));

/** Spawns the node and resolves once it printed its dashboard URL and device id. */
export async function startNode(o: {
  dataDir: string;
  port?: number;
  timeoutMs?: number;
}): Promise<NodeProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const timeoutMs = o.timeoutMs ?? 60_000;
  const args = [CLI, 'run', '--data', o.dataDir, ...(o.port ? ['--port', String(o.port)] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const partial = {
    child,
    dataDir: o.dataDir,
    stdout: '',
    stderr: '',
    exited: null,
  } as unknown as NodeProcess;
  const node = partial;
  node.exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      node.exited = { code, signal };
      resolve(node.exited);
    }),
  );
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (node.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (node.stderr += chunk));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /^ {2}dashboard {2}(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m.exec(node.stdout)?.[1];
    const deviceId = /^io-provider node (\S+)$/m.exec(node.stdout)?.[1];
    if (url && deviceId) {
      const parsed = new URL(url);
      Object.assign(node, {
        url,
        deviceId,
        origin: parsed.origin,
        token: parsed.searchParams.get('token')!,
        port: Number(parsed.port),
      });
      return node;
    }
    if (node.exited || Date.now() > deadline) {
      const why = node.exited ? 'exited before printing' : `did not print within ${timeoutMs / 1000} s`;
      child.kill('SIGKILL');
      throw new Error(`io-provider run ${why} its dashboard URL${nodeLogs(node)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops the node with `signal` and waits for it to exit; SIGKILL after `timeoutMs`. */
export async function stopNode(node: NodeProcess, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000) {
  if (!node.exited) node.child.kill(signal);
  const exited = await Promise.race([
    node.exit,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
  ]);
  if (!exited) {
    node.child.kill('SIGKILL');
    await node.exit;
  }
  return exited;
}

const run = promisify(execFile);

/** `io-provider status --json --data DIR`: the running node's state through the CLI. */
export async function cliStatus(dataDir: string): Promise<NodeState> {
  const { stdout } = await run(process.execPath, [CLI, 'status', '--json', '--data', dataDir], {
    timeout: 30_000,
  });
  return JSON.parse(stdout) as NodeState;
}

/** A call on the node's API with its token, as a script (or another UI) would make it. */
export async function callNode<T = unknown>(
  node: NodeProcess,
  name: string,
  input: unknown = {},
): Promise<T> {
  const res = await fetch(`${node.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${node.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Runs `fn`; a failure gets the node's stderr and stdout appended, so a broken node explains itself. */
export async function withNodeLogs<T>(node: () => NodeProcess | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Error && !error.message.includes('--- the node')) {
      const logs = nodeLogs(node());
      const at = error.stack?.indexOf('\n    at ') ?? -1;
      error.message += logs;
      if (error.stack && at >= 0) error.stack = error.stack.slice(0, at) + logs + error.stack.slice(at);
    }
    throw error;
  }
}
