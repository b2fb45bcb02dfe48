// What the Electron preload (preload/index.ts) exposes as `window.api`: one function per contract call
// plus an event subscription. Absent in a plain browser, where renderer/lib/api.ts falls back to the
// loopback HTTP + WebSocket transport. Events arrive unvalidated here: the renderer checks each one.
import type { ProviderApi } from '../common/dashboard-api.js';

declare global {
  interface Window {
    api?: ProviderApi & { onEvent(listener: (event: unknown) => void): () => void };
  }
}
