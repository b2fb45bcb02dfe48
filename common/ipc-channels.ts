// The two Electron IPC channels of the contract, shared by the preload (renderer side) and the main
// process's handler (main/electron/ipc-ui.ts), which may not import each other.
export const CALL_CHANNEL = 'provider:call';
export const EVENT_CHANNEL = 'provider:event';
