import type { StateCreator } from 'zustand';
import type { AppStore } from './app-store.js';
import type { Route } from './routes.js';

export interface UiSlice {
  route: Route;
  /** A short message after an action ("Saved", "The benchmark runs after the current job"). */
  notice: string | null;
  setRoute(route: Route): void;
  setNotice(notice: string | null): void;
}

export const uiSlice =
  (initialRoute: Route): StateCreator<AppStore, [], [], UiSlice> =>
  (set) => ({
    route: initialRoute,
    notice: null,
    setRoute: (route) => set({ route }),
    setNotice: (notice) => set({ notice }),
  });
