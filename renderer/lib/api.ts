// Picks the transport once: the Electron preload's window.api when present, else the loopback HTTP +
// WebSocket client of the headless node (token from the URL, then sessionStorage). Both give the UI
// the same ProviderApi.
import { createHttpTransport } from './http-transport.js';
import { createIpcTransport } from './ipc-transport.js';
import { takeToken } from './token.js';
import type { Transport } from './transport.js';

export function pickTransport(win: Window = window): Transport {
  if (win.api) return createIpcTransport(win.api);
  return createHttpTransport(takeToken(win), win.location.origin);
}
