// The GPU worker process: the only place Dawn (npm `webgpu`) is loaded. Runs one task at a time and
// reports through the protocol in protocol.ts. Started by child_process.fork (headless) or Electron's
// utilityProcess (desktop); both give the process a message port to its parent.
import { create, globals } from 'webgpu';
import { describeZodError } from '../../../common/zod-errors.js';
import {
  workerInboundSchema,
  type WorkerErrorPayload,
  type WorkerMessage,
  type WorkerRequest,
} from '../protocol.js';
import { ChunkGate } from './chunk-gate.js';
import { DAWN_CREATE_OPTIONS, GpuSession } from './gpu-session.js';
import { TaskFailure } from './task-failure.js';
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

const session = new GpuSession(create(DAWN_CREATE_OPTIONS));

/**
 * The gate of every request received and not yet ended. The main side sends a task that starts
 * paused as its request followed at once by a pause: that control arrives before the request's turn
 * comes (requests are served one after another), so the gate must exist from the moment of receipt.
 */
const gates = new Map<number, ChunkGate>();

/**
 * A heartbeat this soon after the request's previous heartbeat or progress is not sent: the watchdog
 * hears silence at most this much longer than it really lasted, against budgets of hundreds of ms,
 * and a small job (or a run of short chunks) costs one IPC message fewer per beat it skips. The first
 * beat of a request (set-up done) is held back as long and dropped when the request ends meanwhile:
 * a small job's result says as much, and each message spared saves both processes a wake-up (about
 * 0.1 ms of a small job's overhead on a busy 2-core machine).
 */
const HEARTBEAT_MIN_GAP_MS = 5;
let lastBeat = { id: -1, at: 0 };
let heldBeat: NodeJS.Timeout | undefined;

function beat(id: number): void {
  const now = performance.now();
  if (lastBeat.id === id && now - lastBeat.at < HEARTBEAT_MIN_GAP_MS) return;
  const first = lastBeat.id !== id;
  lastBeat = { id, at: now };
  if (!first) return post({ kind: 'heartbeat', id });
  heldBeat = setTimeout(() => {
    heldBeat = undefined;
    post({ kind: 'heartbeat', id });
  }, HEARTBEAT_MIN_GAP_MS);
}

/** The request told the main side more than a beat would (progress, its end): drop the held beat. */
function dropHeldBeat(): void {
  clearTimeout(heldBeat);
  heldBeat = undefined;
}

function gateFor(id: number): ChunkGate {
  const gate = new ChunkGate({
    paused: () => post({ kind: 'paused', id }),
    resumed: () => post({ kind: 'resumed', id }),
    heartbeat: () => beat(id),
  });
  gates.set(id, gate);
  return gate;
}

async function serve(request: WorkerRequest, gate: ChunkGate): Promise<void> {
  const { id, task, params } = request;
  const definition = (workerTasks as Record<string, (typeof workerTasks)[keyof typeof workerTasks]>)[task];
  if (!definition) {
    post({ kind: 'error', id, error: { code: 'bad-request', message: `unknown GPU task "${task}"` } });
    return;
  }
  const parsed = definition.params.safeParse(params);
  if (!parsed.success) {
    const message = `bad params for "${task}": ${describeZodError(parsed.error)}`;
    post({ kind: 'error', id, error: { code: 'bad-request', message } });
    return;
  }
  const ctx = createTaskContext(
    session,
    (m) => {
      if (m.kind === 'heartbeat') return beat(id);
      lastBeat = { id, at: performance.now() }; // progress re-arms the watchdog as a beat does
      dropHeldBeat();
      post({ ...m, id });
    },
    gate,
  );
  try {
    const value = await (definition.run as (c: typeof ctx, p: unknown) => Promise<unknown>)(ctx, parsed.data);
    gate.finished();
    dropHeldBeat();
    post({ kind: 'result', id, value });
  } catch (error) {
    gate.finished();
    dropHeldBeat();
    post({ kind: 'error', id, error: toPayload(error) });
  }
}

function toPayload(error: unknown): WorkerErrorPayload {
  const message = error instanceof Error ? error.message : String(error);
  return { code: error instanceof TaskFailure ? error.code : 'failed', message };
}

// Requests are served strictly in order (the main side never sends a second one early anyway);
// control messages act on their request's gate immediately, whether it runs yet or not.
let chain = Promise.resolve();
onRequest((raw) => {
  const inbound = workerInboundSchema.safeParse(raw);
  if (!inbound.success) return; // nothing to answer: there is no id to answer to
  const message = inbound.data;
  if (message.kind === 'request') {
    const gate = gateFor(message.id);
    chain = chain.then(() => serve(message, gate).finally(() => gates.delete(message.id)));
    return;
  }
  const gate = gates.get(message.id);
  if (!gate) return; // the request already ended
  if (message.action === 'pause') gate.pause();
  else if (message.action === 'resume') gate.resume();
  else if (message.action === 'cancel') gate.cancel();
  else gate.setDuty(message.duty ?? 1);
});
post({ kind: 'ready', pid: process.pid });
