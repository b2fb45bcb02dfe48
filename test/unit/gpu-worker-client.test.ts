// The client's side of the worker protocol: heartbeats keep a long task alive, silence kills it,
// crashes and late messages from dead workers are handled, calls run one at a time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GpuPreemptedError,
  GpuTaskError,
  GpuTimeoutError,
  GpuWorkerCrashedError,
  GpuWorkerStoppedError,
} from '../../main/gpu/host/errors.js';
import { GpuWorkerClient } from '../../main/gpu/host/gpu-worker-client.js';
import { fakeSpawner } from '../fakes/fake-worker.js';

beforeEach(() => vi.useFakeTimers());
/** Lets queued calls reach the (fake) worker: calls start on a promise chain. */
const flush = () => vi.advanceTimersByTimeAsync(0);
afterEach(() => vi.useRealTimers());

describe('GpuWorkerClient', () => {
  it('keeps a task alive while heartbeats arrive within the budget', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner, submitBudgetMs: 1000 });
    const call = client.call('spin', { rounds: 1, seed: 1 });
    await flush();
    const worker = workers[0]!;
    const id = worker.received[0]!.id;
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(900);
      worker.emit({ kind: 'heartbeat', id });
    }
    worker.emit({ kind: 'result', id, value: { state: 42 } });
    await expect(call).resolves.toEqual({ state: 42 });
    expect(worker.killed).toBe(false);
  });

  it('kills the worker after a silent budget and serves the next call from a fresh one', async () => {
    const { spawner, workers } = fakeSpawner((worker, request) => {
      if (workers.length > 1) worker.emit({ kind: 'result', id: request.id, value: { state: 7 } });
    });
    const client = new GpuWorkerClient({ spawner, submitBudgetMs: 1000 });
    const stuck = client.call('spin', { rounds: 1, seed: 1 });
    const caught = stuck.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    expect(workers[0]!.killed).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(await caught).toBeInstanceOf(GpuTimeoutError);
    expect(workers[0]!.killed).toBe(true);
    await expect(client.call('spin', { rounds: 1, seed: 1 })).resolves.toEqual({ state: 7 });
    expect(workers).toHaveLength(2);
    expect(client.restarts).toBe(1);
  });

  it('releases an idle worker to free its memory; the next call starts one, and that is no restart', async () => {
    const { spawner, workers } = fakeSpawner((worker, request) =>
      worker.emit({ kind: 'result', id: request.id, value: { state: 1 } }),
    );
    const client = new GpuWorkerClient({ spawner });
    await client.call('spin', { rounds: 1, seed: 1 });
    expect(client.release()).toBe(true);
    expect(workers[0]!.killed).toBe(true);
    expect(client.release()).toBe(false); // nothing left to release
    await expect(client.call('spin', { rounds: 1, seed: 1 })).resolves.toEqual({ state: 1 });
    expect(workers).toHaveLength(2);
    expect(client.restarts).toBe(0);
  });

  it('never releases a worker in the middle of a task', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner });
    const call = client.call('spin', { rounds: 1, seed: 1 });
    await flush();
    expect(client.release()).toBe(false);
    expect(workers[0]!.killed).toBe(false);
    workers[0]!.emit({ kind: 'result', id: workers[0]!.received[0]!.id, value: { state: 2 } });
    await expect(call).resolves.toEqual({ state: 2 });
  });

  it('turns a worker exit mid-task into a crash error naming the signal', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner });
    const call = client.call('adapter-info', {});
    await flush();
    workers[0]!.exit(null, 'SIGABRT');
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuWorkerCrashedError);
    expect((error as GpuWorkerCrashedError).message).toContain('killed by SIGABRT');
    expect((error as GpuWorkerCrashedError).stderrTail).toBe('fake stderr');
  });

  it('passes worker-reported errors through with their code', async () => {
    const { spawner } = fakeSpawner((worker, request) =>
      worker.emit({
        kind: 'error',
        id: request.id,
        error: { code: 'no-adapter', message: 'No WebGPU adapter found' },
      }),
    );
    const error = await new GpuWorkerClient({ spawner }).call('adapter-info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuTaskError);
    expect((error as GpuTaskError).code).toBe('no-adapter');
  });

  it('ignores malformed messages and answers meant for another request', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner, submitBudgetMs: 1000 });
    const call = client.call('spin', { rounds: 1, seed: 1 });
    await flush();
    const worker = workers[0]!;
    const id = worker.received[0]!.id;
    worker.emit({ kind: 'result', id: id + 99, value: 'wrong' });
    worker.emit('garbage');
    worker.emit({ kind: 'result' });
    worker.emit({ kind: 'result', id, value: { state: 1 } });
    await expect(call).resolves.toEqual({ state: 1 });
  });

  it('runs calls one at a time in order', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner });
    const first = client.call('spin', { rounds: 1, seed: 1 });
    const second = client.call('spin', { rounds: 2, seed: 2 });
    await vi.advanceTimersByTimeAsync(10);
    const worker = workers[0]!;
    expect(worker.received).toHaveLength(1); // the second waits for the first
    worker.emit({ kind: 'result', id: worker.received[0]!.id, value: 'a' });
    await expect(first).resolves.toBe('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(worker.received).toHaveLength(2);
    worker.emit({ kind: 'result', id: worker.received[1]!.id, value: 'b' });
    await expect(second).resolves.toBe('b');
  });

  it('fails a pending call and refuses new ones after stop()', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner });
    const call = client.call('adapter-info', {});
    await flush();
    client.stop();
    await expect(call).rejects.toBeInstanceOf(GpuWorkerStoppedError);
    expect(workers[0]!.killed).toBe(true);
    await expect(client.call('adapter-info', {})).rejects.toBeInstanceOf(GpuWorkerStoppedError);
  });
});

describe('GpuWorkerClient controls', () => {
  it('applies a pause and a duty given between tasks to the next task as it starts', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner });
    await expect(client.pause()).resolves.toBe(0); // nothing runs: idle already
    client.setDuty(0.5);
    void client.call('spin', { rounds: 1, seed: 1 }).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    const [request, pause, duty] = workers[0]!.received;
    expect(request).toMatchObject({ kind: 'request', task: 'spin' });
    expect(pause).toMatchObject({ kind: 'control', action: 'pause' });
    expect(duty).toMatchObject({ kind: 'control', action: 'duty', duty: 0.5 });
    client.resume();
    expect(workers[0]!.received.at(-1)).toMatchObject({ kind: 'control', action: 'resume' });
    client.stop();
  });
  it('keeps the set-up budget for a task that reports itself paused before it has set up', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner, submitBudgetMs: 100 });
    await client.pause(); // the owner paused with nothing running
    const call = client.call('spin', { rounds: 1, seed: 1 }, { firstBudgetMs: 2000 });
    await flush();
    const worker = workers[0]!;
    const id = worker.received[0]!.id;
    worker.emit({ kind: 'paused', id }); // the worker's gate, at once: nothing on the GPU yet
    await vi.advanceTimersByTimeAsync(1500); // a slow compile, well past the submit budget
    expect(worker.killed).toBe(false);
    worker.emit({ kind: 'heartbeat', id }); // set-up done: from here the submit budget holds
    await vi.advanceTimersByTimeAsync(150);
    expect(worker.killed).toBe(true);
    await expect(call).rejects.toBeInstanceOf(GpuTimeoutError);
  });
});

describe('GpuWorkerClient hard yield', () => {
  it('kills a worker whose chunk outlasts the hard-yield time after a pause', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined); // never reports 'paused'
    const client = new GpuWorkerClient({ spawner, hardYieldMs: 80 });
    const call = client.call('spin', { rounds: 1, seed: 1 });
    const failed = call.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    const yielded = client.pause();
    await vi.advanceTimersByTimeAsync(79);
    expect(workers[0]!.killed).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(workers[0]!.killed).toBe(true);
    expect(await yielded).toBeGreaterThanOrEqual(80);
    expect(await failed).toBeInstanceOf(GpuPreemptedError);
    client.stop();
  });

  it('leaves a task alone when the worker pauses in time', async () => {
    const { spawner, workers } = fakeSpawner(() => undefined);
    const client = new GpuWorkerClient({ spawner, hardYieldMs: 80 });
    void client.call('spin', { rounds: 1, seed: 1 }).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    const yielded = client.pause();
    await vi.advanceTimersByTimeAsync(30); // the chunk ends; the worker reports the GPU idle
    workers[0]!.emit({ kind: 'paused', id: workers[0]!.received[0]!.id });
    expect(await yielded).toBeLessThan(80);
    await vi.advanceTimersByTimeAsync(200);
    expect(workers[0]!.killed).toBe(false);
    client.stop();
  });
});
