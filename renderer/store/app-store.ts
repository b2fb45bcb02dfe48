// The one zustand store of the UI, built from typed slices. Calls go through the transport handed in;
// events reach the store only through renderer/store/bridge.ts.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProviderApi } from '../../common/dashboard-api.js';
import type { Transport } from '../lib/transport.js';
import { activitySlice, type ActivitySlice } from './activity-slice.js';
import { connectionSlice, type ConnectionSlice } from './connection-slice.js';
import { nodeSlice, type NodeSlice } from './node-slice.js';
import { resourcesSlice, type ResourcesSlice } from './resources-slice.js';
import type { Route } from './routes.js';
import { uiSlice, type UiSlice } from './ui-slice.js';
import { walletSlice, type WalletSlice } from './wallet-slice.js';

export type AppStore = ConnectionSlice &
  NodeSlice &
  ActivitySlice &
  ResourcesSlice &
  UiSlice &
  WalletSlice & {
    transport: Transport;
  };

export interface StoreDeps {
  api(): ProviderApi;
}

export function createAppStore(transport: Transport, initialRoute: Route = 'home'): StoreApi<AppStore> {
  const deps: StoreDeps = { api: () => transport.api };
  return createStore<AppStore>()((...a) => ({
    transport,
    ...connectionSlice(...a),
    ...nodeSlice(deps)(...a),
    ...activitySlice(...a),
    ...resourcesSlice(deps)(...a),
    ...uiSlice(initialRoute)(...a),
    ...walletSlice(deps)(...a),
  }));
}

export const StoreContext = createContext<StoreApi<AppStore> | null>(null);

/** Reads a slice of the store; components re-render only when the selected value changes. */
export function useApp<T>(selector: (state: AppStore) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside <StoreContext.Provider>');
  return useStore(store, selector);
}
