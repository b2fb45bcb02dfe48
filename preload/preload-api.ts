// The preload's pure part: one line per contract call, each forwarded over IPC by `invoke`, and the
// event subscription. It imports nothing from Electron, so it is unit-tested as is; preload/index.ts
// hands it ipcRenderer and exposes the result as window.api.
import { EVENT_CHANNEL } from '../common/ipc-channels.js';
import type { CallInput, CallOutput, DashboardCallName, ProviderApi } from '../common/dashboard-api.js';

export type Invoke = (name: DashboardCallName, input: unknown) => Promise<unknown>;

export function createPreloadApi(invoke: Invoke) {
  const call =
    <N extends DashboardCallName>(name: N) =>
    (input: CallInput<N>) =>
      invoke(name, input) as Promise<CallOutput<N>>;
  return {
    getState: call('getState'),
    getJobs: call('getJobs'),
    getEarnings: call('getEarnings'),
    getLog: call('getLog'),
    exportEarningsCsv: call('exportEarningsCsv'),
    getSettings: call('getSettings'),
    updateSettings: call('updateSettings'),
    setMode: call('setMode'),
    snooze: call('snooze'),
    finish: call('finish'),
    getTelemetry: call('getTelemetry'),
    getNetworkStats: call('getNetworkStats'),
    getDiagnostics: call('getDiagnostics'),
    runBenchmark: call('runBenchmark'),
    proveNow: call('proveNow'),
    getWallet: call('getWallet'),
    createWallet: call('createWallet'),
    importWallet: call('importWallet'),
    watchWallet: call('watchWallet'),
    unlockWallet: call('unlockWallet'),
    lockWallet: call('lockWallet'),
    changePassphrase: call('changePassphrase'),
    forgetWallet: call('forgetWallet'),
    connectBrowserWallet: call('connectBrowserWallet'),
    getBalances: call('getBalances'),
    getWalletHistory: call('getWalletHistory'),
    sandboxFaucet: call('sandboxFaucet'),
    getStaking: call('getStaking'),
    prepareStake: call('prepareStake'),
    unstake: call('unstake'),
    prepareWithdraw: call('prepareWithdraw'),
    prepareTransfer: call('prepareTransfer'),
    confirmSigning: call('confirmSigning'),
    cancelSigning: call('cancelSigning'),
    getPayouts: call('getPayouts'),
    claim: call('claim'),
    setAutoClaim: call('setAutoClaim'),
  } satisfies ProviderApi;
}

/** Subscribes `listener` to the main process's pushed events; `on` is ipcRenderer.on's shape. */
export function createEventSubscription(
  on: (channel: string, handler: (event: unknown, payload: unknown) => void) => void,
  off: (channel: string, handler: (event: unknown, payload: unknown) => void) => void,
) {
  return (listener: (event: unknown) => void): (() => void) => {
    // The IPC event object (with its sender) never reaches the page: only the payload does.
    const handler = (_event: unknown, payload: unknown) => listener(payload);
    on(EVENT_CHANNEL, handler);
    return () => off(EVENT_CHANNEL, handler);
  };
}

export { CALL_CHANNEL, EVENT_CHANNEL } from '../common/ipc-channels.js';
