// The desktop IPC transport: one handler that refuses any sender but the main frame of the app's
// own window on app://io-provider, and any call or input outside the contract (the same check as
// the loopback server), before the node sees it; events reach only the app's windows.
import { describe, expect, it, vi } from 'vitest';
import type { ProviderApi } from '../../common/dashboard-api.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../common/ipc-channels.js';
import { APP_ORIGIN } from '../../main/electron/app-protocol.js';
import { createCallHandler, ipcUi, type InvokeEventLike } from '../../main/electron/ipc-ui.js';
import { nodeState } from '../fixtures/node-state.js';

function fakeApi() {
  const calls: [string, unknown][] = [];
  const api = new Proxy({} as ProviderApi, {
    get: (_t, name: string) => (input: unknown) => {
      calls.push([name, input]);
      return Promise.resolve(name === 'getState' ? nodeState() : { ok: name });
    },
  });
  return { api, calls };
}

const window = (id: number, url = `${APP_ORIGIN}/`) => ({ id, getURL: () => url, send: vi.fn() });
const ev = (o: Partial<{ id: number; url: string; parent: unknown; frame: null }> = {}): InvokeEventLike => ({
  sender: { id: o.id ?? 1 },
  senderFrame:
    o.frame === null ? null : { url: o.url ?? `${APP_ORIGIN}/index.html`, parent: o.parent ?? null },
});

describe('the IPC call handler', () => {
  const senders: [string, InvokeEventLike, RegExp][] = [
    ['another webContents (a second window, a devtools page)', ev({ id: 7 }), /not one of the app’s windows/],
    ['a frame that is gone', ev({ frame: null }), /frame is gone/],
    ['an iframe inside the app’s window', ev({ parent: {} }), /main frame/],
    ['a remote page loaded in the window', ev({ url: 'https://evil.io/' }), /not the app’s page/],
    ['a file:// page', ev({ url: 'file:///home/me/x.html' }), /not the app’s page/],
    ['a look-alike host', ev({ url: 'app://io-provider.evil/' }), /not the app’s page/],
    ['another scheme, same host', ev({ url: 'https://io-provider/' }), /not the app’s page/],
    ['about:blank', ev({ url: 'about:blank' }), /not the app’s page/],
  ];
  it.each(senders)('refuses %s, and the node is never called', async (_name, event, reason) => {
    const { api, calls } = fakeApi();
    const handle = createCallHandler(api, { trustedOrigin: APP_ORIGIN, windows: () => [window(1)] });
    await expect(handle(event, 'getState', {})).rejects.toThrow(reason);
    expect(calls).toEqual([]);
  });

  const args: [string, unknown[], RegExp][] = [
    ['no arguments', [], /expected \(name, input\)/],
    ['an extra argument', ['getState', {}, 'more'], /expected \(name, input\)/],
    ['a name that is not a string', [42, {}], /no such call: number/],
    ['an unknown call', ['deleteEverything', {}], /no such call: deleteEverything/],
    ['an inherited property as the name', ['constructor', {}], /no such call: constructor/],
    ['input outside the schema', ['setMode', { mode: 'turbo' }], /setMode: mode/],
    ['an unknown field (strict input)', ['getState', { admin: true }], /getState/],
    ['a snooze length not offered', ['snooze', { hours: 5 }], /snooze: hours: one of 1, 3, 6, 12/],
    ['input that is not an object', ['getJobs', 'all'], /getJobs/],
  ];
  it.each(args)('refuses %s from the app’s own page', async (_name, list, reason) => {
    const { api, calls } = fakeApi();
    const handle = createCallHandler(api, { trustedOrigin: APP_ORIGIN, windows: () => [window(1)] });
    await expect(handle(ev(), ...list)).rejects.toThrow(reason);
    expect(calls).toEqual([]);
  });

  it('passes a valid call the parsed input, defaults applied, and returns the answer', async () => {
    const { api, calls } = fakeApi();
    const handle = createCallHandler(api, { trustedOrigin: APP_ORIGIN, windows: () => [window(1)] });
    expect(await handle(ev(), 'getJobs', {})).toEqual({ ok: 'getJobs' });
    expect(await handle(ev(), 'setMode', { mode: 'paused' })).toEqual({ ok: 'setMode' });
    expect(calls).toEqual([
      ['getJobs', { limit: 50 }],
      ['setMode', { mode: 'paused' }],
    ]);
  });
});

describe('ipcUi', () => {
  it('registers one handler on CALL_CHANNEL, pushes events to the app’s windows only, and cleans up', async () => {
    const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, fn: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error('second handler');
        handlers.set(channel, fn);
      },
      removeHandler: (channel: string) => handlers.delete(channel),
    };
    const app = window(1);
    const stray = window(2, 'https://evil.io/');
    const listeners = new Set<(e: any) => void>();
    const { api } = fakeApi();
    const endpoint = await ipcUi({ ipcMain, trustedOrigin: APP_ORIGIN, windows: () => [app, stray] })(
      api,
      (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    );
    expect(endpoint.url).toBeNull();
    expect(endpoint.http).toBeNull();
    expect([...handlers.keys()]).toEqual([CALL_CHANNEL]);
    const event = { type: 'log', at: 1, message: 'hello' };
    for (const l of listeners) l(event);
    expect(app.send).toHaveBeenCalledWith(EVENT_CHANNEL, event);
    expect(stray.send).not.toHaveBeenCalled();
    await endpoint.stop();
    expect(handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });
});
