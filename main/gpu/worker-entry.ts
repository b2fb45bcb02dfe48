// The GPU worker process: the only place Dawn (npm `webgpu`) is loaded. Runs one task at a time and
// reports through the protocol in protocol.ts. Started by child_process.fork (headless) or Electron's
// utilityProcess (desktop); both give the process a message port to its parent.
import { create, globals } from 'webgpu';
import { workerRequestSchema, type WorkerErrorPayload, type WorkerMessage } from './protocol.js';
import { DeviceLostError, GpuSession, NoAdapterError } from './gpu-session.js';
import { createTaskContext } from './task-context.js';
import { workerTasks } from './worker-tasks.js';

Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode, ... as in a browser

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: WorkerMessage): void {
  if (electronPort) electronPort.postMessage(message);
  else process.send?.(message);
}

function onRequest(listener: (raw: unknown) => void): void {
  if (electronPort) electronPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

const session = new GpuSession(create([]));

async function handle(raw: unknown): Promise<void> {
  const request = workerRequestSchema.safeParse(raw);
  if (!request.success) return; // nothing to answer: there is no id to answer to
  const { id, task, params } = request.data;
  const definition = (workerTasks as Record<string, (typeof workerTasks)[keyof typeof workerTasks]>)[task];
  if (!definition) {
    post({ kind: 'error', id, error: { code: 'bad-request', message: `unknown GPU task "${task}"` } });
    return;
  }
  const parsed = definition.params.safeParse(params);
  if (!parsed.success) {
    const message = `bad params for "${task}": ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
    post({ kind: 'error', id, error: { code: 'bad-request', message } });
    return;
  }
  const ctx = createTaskContext(session, (m) => post({ ...m, id }));
  try {
    const value = await (definition.run as (c: typeof ctx, p: unknown) => Promise<unknown>)(ctx, parsed.data);
    post({ kind: 'result', id, value });
  } catch (error) {
    post({ kind: 'error', id, error: toPayload(error) });
  }
}

function toPayload(error: unknown): WorkerErrorPayload {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof NoAdapterError) return { code: 'no-adapter', message };
  if (error instanceof DeviceLostError) return { code: 'device-lost', message };
  return { code: 'failed', message };
}

// Requests are served strictly in order; the main side never sends a second one early anyway.
let chain = Promise.resolve();
onRequest((raw) => {
  chain = chain.then(() => handle(raw));
});
post({ kind: 'ready', pid: process.pid });
