// The Electron transport: window.api from the preload, one function per call plus onEvent. The main
// process validates every input; events are the contract's types (see node-messages.ts).
import type { ProviderApi } from '../../common/dashboard-api.js';
import { isNodeEvent } from './node-messages.js';
import { ApiError } from './api-error.js';
import type { Transport, TransportListener } from './transport.js';

export function createIpcTransport(bridge: NonNullable<Window['api']>): Transport {
  const listeners = new Set<TransportListener>();
  let unsubscribe: (() => void) | null = null;
  // Errors crossing IPC lose their class; keep the message the main process gave. The proxy's target
  // is a fresh object: contextBridge freezes window.api, and a proxy over a frozen object must return
  // its own (unwrapped) functions.
  const api = new Proxy(
    {},
    {
      get: (_target, name: string) => {
        const fn = bridge[name as keyof ProviderApi] as ((input: unknown) => Promise<unknown>) | undefined;
        if (typeof fn !== 'function') return undefined;
        return (input: unknown) =>
          fn(input).catch((error: unknown) => {
            throw new ApiError('failed', error instanceof Error ? error.message : String(error));
          });
      },
    },
  ) as unknown as ProviderApi;

  return {
    kind: 'ipc',
    api,
    subscribe(listener) {
      listeners.add(listener);
      listener.connection({ kind: 'open' });
      unsubscribe ??= bridge.onEvent((raw) => {
        if (isNodeEvent(raw)) for (const l of listeners) l.event(raw);
      });
      return () => {
        listeners.delete(listener);
        if (!listeners.size) {
          unsubscribe?.();
          unsubscribe = null;
        }
      };
    },
    reconnectNow: () => {},
    reportUnreachable: () => {},
    async downloadEarningsCsv() {
      const { filename, csv } = await api.exportEarningsCsv({});
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
