// The node's live state (pushed) and its settings (fetched, saved), plus the owner's commands.
import type { StateCreator } from 'zustand';
import type { NodeState } from '../../common/dashboard-api.js';
import type { NodeSettings, NodeSettingsPatch } from '../../common/node-settings.js';
import { errorMessage } from '../lib/api-error.js';
import type { AppStore, StoreDeps } from './app-store.js';
import { emptyResource, type Resource } from './resource.js';

export type ModeCommand = 'auto' | 'run-now' | 'paused' | 'finish' | `snooze-${number}`;

export interface NodeSlice {
  state: NodeState | null;
  settings: Resource<NodeSettings>;
  /** The command in flight (its button shows busy), and the last command's error. */
  command: ModeCommand | null;
  commandError: string | null;
  setNodeState(state: NodeState): void;
  loadSettings(): Promise<void>;
  /** Saves a patch; resolves with the saved settings, rejects with the node's message. */
  saveSettings(patch: NodeSettingsPatch): Promise<NodeSettings>;
  runCommand(command: ModeCommand): Promise<void>;
}

export const nodeSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], NodeSlice> =>
  (set, get) => ({
    state: null,
    settings: emptyResource(),
    command: null,
    commandError: null,
    setNodeState: (state) => set({ state }),
    loadSettings: async () => {
      set((s) => ({ settings: { ...s.settings, loading: true } }));
      try {
        const data = await deps.api().getSettings({});
        set({ settings: { data, loading: false, error: null, at: Date.now() } });
      } catch (error) {
        set((s) => ({ settings: { ...s.settings, loading: false, error: errorMessage(error) } }));
      }
    },
    saveSettings: async (patch) => {
      const data = await deps.api().updateSettings(patch);
      set({ settings: { data, loading: false, error: null, at: Date.now() } });
      return data;
    },
    runCommand: async (command) => {
      if (get().command) return;
      set({ command, commandError: null });
      try {
        const api = deps.api();
        const state =
          command === 'finish'
            ? await api.finish({})
            : command.startsWith('snooze-')
              ? await api.snooze({ hours: Number(command.slice('snooze-'.length)) })
              : await api.setMode({ mode: command as 'auto' | 'run-now' | 'paused' });
        set({ state });
      } catch (error) {
        set({ commandError: errorMessage(error) });
      } finally {
        set({ command: null });
      }
    },
  });
