// The Electron preload: exposes window.api (one function per contract call plus onEvent) to the
// sandboxed renderer, never ipcRenderer itself. The main process validates every call's sender and
// input (one handle() per call); the renderer validates every event.
import { contextBridge, ipcRenderer } from 'electron';
import { CALL_CHANNEL, createEventSubscription, createPreloadApi } from './preload-api.js';

contextBridge.exposeInMainWorld('api', {
  ...createPreloadApi((name, input) => ipcRenderer.invoke(CALL_CHANNEL, name, input)),
  onEvent: createEventSubscription(
    (channel, handler) => ipcRenderer.on(channel, handler),
    (channel, handler) => ipcRenderer.removeListener(channel, handler),
  ),
});
