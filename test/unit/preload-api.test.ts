// The preload exposes exactly the contract's calls, each forwarded under its own name with its input
// untouched, and events without the IPC event object (which carries the sender).
import { describe, expect, it } from 'vitest';
import { dashboardCalls } from '../../common/dashboard-api.js';
import { createEventSubscription, createPreloadApi, EVENT_CHANNEL } from '../../preload/preload-api.js';

describe('createPreloadApi', () => {
  it('exposes every call in dashboardCalls and nothing else', () => {
    const api = createPreloadApi(() => Promise.resolve(null));
    expect(Object.keys(api).sort()).toEqual(Object.keys(dashboardCalls).sort());
    for (const fn of Object.values(api)) expect(typeof fn).toBe('function');
  });

  it('forwards each call by its own name with the input as given, and returns the answer', async () => {
    const seen: [string, unknown][] = [];
    const api = createPreloadApi((name, input) => {
      seen.push([name, input]);
      return Promise.resolve({ answered: name });
    });
    for (const name of Object.keys(dashboardCalls) as (keyof typeof api)[]) {
      const input = { probe: name };
      expect(await (api[name] as (i: unknown) => Promise<unknown>)(input)).toEqual({ answered: name });
    }
    expect(seen.map(([name]) => name)).toEqual(Object.keys(dashboardCalls));
    for (const [name, input] of seen) expect(input).toEqual({ probe: name });
  });

  it('passes a failed call’s rejection through', async () => {
    const api = createPreloadApi(() => Promise.reject(new Error('bad-input: mode')));
    await expect(api.setMode({ mode: 'paused' })).rejects.toThrow('bad-input: mode');
  });
});

describe('createEventSubscription', () => {
  it('hands the listener the payload only, and unsubscribes', () => {
    const handlers = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
    const subscribe = createEventSubscription(
      (channel, handler) => {
        if (!handlers.has(channel)) handlers.set(channel, new Set());
        handlers.get(channel)!.add(handler);
      },
      (channel, handler) => handlers.get(channel)?.delete(handler),
    );
    const got: unknown[] = [];
    const off = subscribe((event) => got.push(event));
    const emit = (payload: unknown) =>
      handlers.get(EVENT_CHANNEL)?.forEach((h) => h({ sender: 'ipc-internals' }, payload));
    emit({ type: 'log', at: 1, message: 'hello' });
    off();
    emit({ type: 'log', at: 2, message: 'after' });
    expect(got).toEqual([{ type: 'log', at: 1, message: 'hello' }]);
    expect(handlers.get(EVENT_CHANNEL)!.size).toBe(0);
  });
});
