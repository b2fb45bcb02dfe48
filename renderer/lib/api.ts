// Picks the transport once: the Electron preload's window.api when present, else the loopback HTTP +
// WebSocket client of the headless node (token from the URL, then sessionStorage). Both give the UI
// the same ProviderApi.
import { createHttpTransport } from './http-transport.js';
import { createIpcTransport } from './ipc-transport.js';
import { takeToken } from './token.js';
import type { Transport } from './transport.js';

export function pickTransport(win: Window = window): Transport {
  if (win.api) return createIpcTransport(win.api);
  // preconnect.ts took the token from the address bar already; with storage disabled only its early
  // socket still knows it.
  return createHttpTransport(takeToken(win) ?? win.__ioEarlySocket?.token ?? null, win.location.origin);
}
