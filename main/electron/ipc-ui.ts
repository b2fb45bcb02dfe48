// The desktop app's UI transport: the same contract as the loopback dashboard, over Electron IPC.
// One handler for every call (CALL_CHANNEL): the sender must be the main frame of one of the app's
// own windows showing the app's own origin, and the call's name and input go through dispatchCall,
// the check the loopback server makes. Events go to the app's windows on EVENT_CHANNEL.
// No 'electron' import here: electron-main.ts passes ipcMain and the windows in, tests pass fakes.
import type { ProviderApi } from '../../common/dashboard-api.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../common/ipc-channels.js';
import { dispatchCall } from '../dashboard/dispatch-call.js';
import type { UiTransport } from '../compose/ui-transport.js';

/** The parts of Electron's IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, handler: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** A window's webContents as far as this module needs it. */
export interface UiWindowLike {
  id: number;
  getURL(): string;
  send(channel: string, payload: unknown): void;
}

export interface IpcUiOptions {
  ipcMain: IpcMainLike;
  /** The app's own origin, e.g. app://io-provider (see app-protocol.ts). */
  trustedOrigin: string;
  /** The app's windows now (their webContents). */
  windows(): Iterable<UiWindowLike>;
}

/** Origin of a URL, or null when it has none (about:blank, garbage). Custom schemes count too. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // WHATWG gives non-special schemes the origin "null"; app: is registered standard, so compare
    // scheme + host ourselves.
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** Why a sender may not call the node, or null when it may. */
export function senderRefusal(
  event: InvokeEventLike,
  trustedOrigin: string,
  windowIds: ReadonlySet<number>,
): string | null {
  if (!windowIds.has(event.sender.id)) return 'the sender is not one of the app’s windows';
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent) return 'only the window’s main frame may call (not an iframe)';
  if (originOf(frame.url) !== trustedOrigin)
    return `the frame is not the app’s page (${originOf(frame.url)})`;
  return null;
}

/** The IPC handler alone (tests and the browser end-to-end spec drive it with fake events). */
export function createCallHandler(api: ProviderApi, o: Omit<IpcUiOptions, 'ipcMain'>) {
  return async (event: InvokeEventLike, ...args: unknown[]): Promise<unknown> => {
    const ids = new Set([...o.windows()].map((w) => w.id));
    const refusal = senderRefusal(event, o.trustedOrigin, ids);
    if (refusal) throw new Error(`refused: ${refusal}`);
    if (args.length !== 2) throw new Error(`bad-call: expected (name, input), got ${args.length} arguments`);
    return dispatchCall(api, args[0], args[1]);
  };
}

export function ipcUi(o: IpcUiOptions): UiTransport {
  return (api, onEvent) => {
    o.ipcMain.handle(CALL_CHANNEL, createCallHandler(api, o));
    const unsubscribe = onEvent((event) => {
      for (const w of o.windows()) if (originOf(w.getURL()) === o.trustedOrigin) w.send(EVENT_CHANNEL, event);
    });
    return Promise.resolve({
      url: null,
      http: null,
      stop: () => {
        unsubscribe();
        o.ipcMain.removeHandler(CALL_CHANNEL);
        return Promise.resolve();
      },
    });
  };
}
