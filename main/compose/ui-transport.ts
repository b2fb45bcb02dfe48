// How a UI reaches the node: the loopback HTTP + WebSocket dashboard (headless `run`, a browser) or,
// in the desktop app, Electron IPC. Both serve the one contract (common/dashboard-api.ts).
import type { DashboardEvent, ProviderApi } from '../../common/dashboard-api.js';

export interface UiEndpoint {
  /** What to open in a browser, token included; null for a transport without one (IPC). */
  url: string | null;
  /** Where `io-provider status` finds the node (written to node.json); null without HTTP. */
  http: { origin: string; token: string } | null;
  stop(): Promise<void>;
}

export type UiTransport = (
  api: ProviderApi,
  onEvent: (listener: (event: DashboardEvent) => void) => () => void,
) => Promise<UiEndpoint>;
