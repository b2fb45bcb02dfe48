// Figures fetched when their screen opens (and refreshed by the bridge): earnings buckets, the
// network's explorer figures, diagnostics.
import type { StateCreator } from 'zustand';
import type { CallOutput, EarningsBucket } from '../../common/dashboard-api.js';
import { errorMessage } from '../lib/api-error.js';
import type { AppStore, StoreDeps } from './app-store.js';
import { emptyResource, type Resource } from './resource.js';

export interface EarningsSeries {
  hours24: EarningsBucket[];
  days7: EarningsBucket[];
  days30: EarningsBucket[];
}

export interface ResourcesSlice {
  earnings: Resource<EarningsSeries>;
  network: Resource<CallOutput<'getNetworkStats'>>;
  diagnostics: Resource<CallOutput<'getDiagnostics'>>;
  loadEarnings(): Promise<void>;
  loadNetwork(): Promise<void>;
  loadDiagnostics(): Promise<void>;
}

type Key = 'earnings' | 'network' | 'diagnostics';

export const resourcesSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], ResourcesSlice> =>
  (set, get) => {
    const load = async <K extends Key>(key: K, fetch: () => Promise<AppStore[K]['data']>) => {
      if (get()[key].loading) return;
      set({ [key]: { ...get()[key], loading: true } } as Partial<AppStore>);
      try {
        const data = await fetch();
        set({ [key]: { data, loading: false, error: null, at: Date.now() } } as Partial<AppStore>);
      } catch (error) {
        set({ [key]: { ...get()[key], loading: false, error: errorMessage(error) } } as Partial<AppStore>);
      }
    };
    return {
      earnings: emptyResource(),
      network: emptyResource(),
      diagnostics: emptyResource(),
      loadEarnings: () =>
        load('earnings', async () => {
          const api = deps.api();
          const [hours24, days7, days30] = await Promise.all([
            api.getEarnings({ bucket: 'hour', count: 24 }),
            api.getEarnings({ bucket: 'day', count: 7 }),
            api.getEarnings({ bucket: 'day', count: 30 }),
          ]);
          return { hours24: hours24.buckets, days7: days7.buckets, days30: days30.buckets };
        }),
      loadNetwork: () => load('network', () => deps.api().getNetworkStats({})),
      loadDiagnostics: () => load('diagnostics', () => deps.api().getDiagnostics({})),
    };
  };
