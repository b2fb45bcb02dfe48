// Stands in for the 'electron' module when the real preload (preload/index.ts) is bundled for a
// plain Chromium page: contextBridge puts the object on window, ipcRenderer.invoke goes to the
// __ipcInvoke binding (the real IPC handler in the test's Node process), and __ipcEmit delivers
// what the handler's side sends on a channel, as Electron would.
type Handler = (event: unknown, payload: unknown) => void;
const handlers = new Map<string, Set<Handler>>();
const page = window as unknown as Record<string, unknown> & {
  __ipcInvoke(channel: string, ...args: unknown[]): Promise<unknown>;
};

export const contextBridge = {
  exposeInMainWorld: (key: string, value: unknown) => {
    page[key] = Object.freeze(value);
  },
};

export const ipcRenderer = {
  invoke: (channel: string, ...args: unknown[]) => page.__ipcInvoke(channel, ...args),
  on: (channel: string, handler: Handler) => {
    if (!handlers.has(channel)) handlers.set(channel, new Set());
    handlers.get(channel)!.add(handler);
  },
  removeListener: (channel: string, handler: Handler) => handlers.get(channel)?.delete(handler),
};

page.__ipcEmit = (channel: string, payload: unknown) => {
  for (const h of handlers.get(channel) ?? []) h({ sender: 'ipc-internals' }, payload);
};
