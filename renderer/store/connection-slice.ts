import type { StateCreator } from 'zustand';
import type { ConnectionStatus } from '../lib/transport.js';
import type { AppStore } from './app-store.js';

export interface ConnectionSlice {
  connection: ConnectionStatus;
  setConnection(status: ConnectionStatus): void;
}

export const connectionSlice: StateCreator<AppStore, [], [], ConnectionSlice> = (set) => ({
  connection: { kind: 'connecting' },
  setConnection: (connection) => set({ connection }),
});
