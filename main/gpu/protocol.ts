// The typed messages between the main side and the GPU worker process. One protocol for both
// spawners (child_process.fork headless, Electron utilityProcess in the desktop app).
// It sits at main/gpu/ rather than in host/ or worker/ because both sides import it: host/ is the
// main process's half, worker/ runs in the GPU process, and neither imports the other's code
// (host/ takes only types from worker/worker-tasks.ts).
//
// The main side sends a request; the worker answers with heartbeats (one per completed GPU submit,
// which is what the watchdog listens for; none within 5 ms of the previous one, the first one 5 ms
// late and not at all when the request ends sooner), progress for the UI, and exactly one result or
// error.
import { z } from 'zod';

/** A request names a task the worker knows (see worker-tasks.ts) and carries its params. */
export const workerRequestSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  task: z.string().min(1).max(64),
  params: z.unknown(),
});
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

/**
 * Steers the running request between its chunks (see chunk-gate.ts). Not queued behind requests:
 * the worker applies it at once.
 */
export const workerControlSchema = z.object({
  kind: z.literal('control'),
  id: z.number().int().nonnegative(),
  action: z.enum(['pause', 'resume', 'cancel', 'duty']),
  duty: z.number().min(0).max(1).optional(),
});
export type WorkerControl = z.infer<typeof workerControlSchema>;

export const workerInboundSchema = z.discriminatedUnion('kind', [workerRequestSchema, workerControlSchema]);

export const workerErrorSchema = z.object({
  code: z.enum([
    'no-adapter',
    'bad-request',
    'job-rejected',
    'device-lost',
    'cancelled',
    'deadline',
    'failed',
  ]),
  message: z.string(),
});
export type WorkerErrorPayload = z.infer<typeof workerErrorSchema>;

export const workerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), pid: z.number() }),
  z.object({ kind: z.literal('heartbeat'), id: z.number() }),
  z.object({ kind: z.literal('progress'), id: z.number(), fraction: z.number(), label: z.string() }),
  /** The GPU is idle after a pause request (the in-flight chunk finished). */
  z.object({ kind: z.literal('paused'), id: z.number() }),
  z.object({ kind: z.literal('resumed'), id: z.number() }),
  z.object({ kind: z.literal('result'), id: z.number(), value: z.unknown() }),
  z.object({ kind: z.literal('error'), id: z.number(), error: workerErrorSchema }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** Both directions of a worker channel, whatever process API carries it. */
export interface MessagePortLike<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
