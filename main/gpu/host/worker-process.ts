// How the main side starts a GPU worker. Headless Node uses child_process.fork; the desktop app
// passes an Electron utilityProcess spawner from main/electron/ that satisfies the same interface.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerControl, WorkerMessage, WorkerRequest } from '../protocol.js';

export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: WorkerRequest | WorkerControl): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone, whatever the reason. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  /** The last lines the worker wrote to stderr: Dawn reports driver trouble there. */
  stderrTail(): string;
}

export type WorkerSpawner = () => WorkerProcess;

const STDERR_TAIL_CHARS = 4000;

/**
 * Dawn's Vulkan backend needs XDG_RUNTIME_DIR on Linux (Mesa's lavapipe fails without it), and a
 * headless server often has none: give the worker a private one.
 */
export function gpuWorkerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (process.platform !== 'linux' || base.XDG_RUNTIME_DIR) return { ...base };
  const dir = join(tmpdir(), `io-provider-runtime-${process.getuid?.() ?? 'user'}`);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { ...base, XDG_RUNTIME_DIR: dir };
}

/**
 * The worker entry to run: the bundled dist/gpu-worker.js next to the bundled caller, or the
 * TypeScript source through tsx when running from source (tests, `npm run bench`).
 */
export function resolveWorkerEntry(): { entry: string; execArgv: string[] } {
  const bundled = fileURLToPath(new URL('./gpu-worker.js', import.meta.url));
  if (existsSync(bundled)) return { entry: bundled, execArgv: [] };
  const source = fileURLToPath(new URL('../worker/worker-entry.ts', import.meta.url));
  return { entry: source, execArgv: ['--import', 'tsx'] };
}

export interface NodeForkOptions {
  entry?: string;
  execArgv?: string[];
  /** Extra environment for the worker (tests use it to hide the Vulkan drivers). */
  env?: NodeJS.ProcessEnv;
}

export function nodeForkSpawner(options: NodeForkOptions = {}): WorkerSpawner {
  return () => {
    const resolved = options.entry
      ? { entry: options.entry, execArgv: options.execArgv ?? [] }
      : resolveWorkerEntry();
    const child = fork(resolved.entry, [], {
      execArgv: resolved.execArgv,
      env: { ...gpuWorkerEnv(), ...options.env },
      serialization: 'advanced', // typed arrays cross without base64
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    return {
      pid: child.pid,
      send: (message) => child.send(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', listener),
      kill: () => child.kill('SIGKILL'),
      stderrTail: () => tail,
    };
  };
}

export type { WorkerMessage };
