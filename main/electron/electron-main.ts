// The desktop app's entry (package.json "main" -> dist/electron-main.js): the node the headless CLI
// runs, composed with Electron's pieces — the GPU worker in a utilityProcess, idle/lock/sleep/battery
// from powerMonitor, the UI over IPC (ipc-ui.ts) in a sandboxed window on app:// — plus the tray,
// notifications, start at login, keep-awake and signed updates. Decisions live in the pure modules
// beside this file; this one wires them. Not run by CI: the Electron binary cannot be downloaded there.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, powerMonitor, powerSaveBlocker, shell, type BrowserWindow } from 'electron';
import type { NodeState, ProviderApi } from '../../common/dashboard-api.js';
import type { SigningRequest } from '../../common/wallet-api.js';
import { composeNode, type ComposedNode } from '../compose/compose-node.js';
import { startDashboardServer } from '../dashboard/dashboard-server.js';
import { createBrowserWallet } from '../wallet/browser/browser-wallet.js';
import { createPowerMonitorIdleSource } from '../hardware/idle/power-monitor.js';
import { createPowerReader } from '../hardware/power.js';
import { createNodeGovernor } from '../node/node-governor.js';
import { defaultDataDir } from '../store/data-dir.js';
import { APP_ORIGIN } from './app-protocol.js';
import {
  loadDesktopPrefs,
  loginItemSettings,
  saveDesktopPrefs,
  startedHidden,
  type DesktopPrefs,
} from './desktop-prefs.js';
import { utilityProcessSpawner } from './gpu-utility-spawner.js';
import { ipcUi } from './ipc-ui.js';
import { inTrayNotice } from './notification-policy.js';
import { startNotifications } from './notifications.js';
import { keepAwakeWanted, POWER_EVENT_ROUTES, powerMonitorReader } from './power-signals.js';
import { runTrayAction } from './tray-model.js';
import { createAppTray } from './tray.js';
import { loadUpdateConfig } from './update/update-config.js';
import { startUpdater, type AppUpdater } from './update/updater.js';
import { createMainWindow, registerAppScheme, serveAppScheme } from './window.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const log = (message: string) => console.log(`io-provider: ${message}`);

registerAppScheme(); // must happen before 'ready'

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  serveAppScheme();
  const dataDir = process.env.IO_PROVIDER_DATA ?? defaultDataDir();
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');
  let prefs: DesktopPrefs = loadDesktopPrefs(dataDir);
  const savePrefs = (update: (p: DesktopPrefs) => DesktopPrefs) => {
    prefs = update(prefs);
    saveDesktopPrefs(dataDir, prefs);
  };
  let window: BrowserWindow | null = null;
  let quitting = false;
  let node: ComposedNode | null = null;
  let state: NodeState | null = null;
  const signing = new Map<string, SigningRequest['state']>();
  const osPower = createPowerReader();
  let api: ProviderApi | null = null;

  const notifications: { current: ReturnType<typeof startNotifications> | null } = { current: null };
  let walletPageOrigin = '';
  const browserWallet = createBrowserWallet({ origin: () => walletPageOrigin });
  node = await composeNode({
    dataDir,
    spawner: utilityProcessSpawner(here('./gpu-worker.js')),
    idleSource: createPowerMonitorIdleSource(powerMonitor),
    browserWallet,
    // The tray and notifications use the API the UI transport is given: the same calls, in-process.
    ui: async (nodeApi, onEvent) => {
      api = nodeApi;
      // A browser wallet (Phantom, Solflare...) injects only into pages in the owner's browser: its
      // page and bridge are served on loopback by a server whose dashboard token is never handed out,
      // so nothing else there answers. Main opens the link itself (the window may open no http URL).
      const walletPage = await startDashboardServer({
        api: nodeApi,
        onEvent,
        publicRoutes: browserWallet.routes,
      });
      walletPageOrigin = walletPage.origin;
      const ipc = await ipcUi({
        ipcMain,
        trustedOrigin: APP_ORIGIN,
        windows: () => (window && !window.isDestroyed() ? [window.webContents] : []),
      })(
        {
          ...nodeApi,
          connectBrowserWallet: async (input) => {
            const link = await nodeApi.connectBrowserWallet(input);
            await shell.openExternal(link.url);
            return link;
          },
        },
        onEvent,
      );
      return { ...ipc, stop: () => Promise.all([ipc.stop(), walletPage.stop()]).then(() => undefined) };
    },
    governor: async (options) => {
      const governor = await createNodeGovernor({
        ...options,
        power: powerMonitorReader(powerMonitor, async () => (await osPower.read()).hasBattery),
      });
      governor.onDecision((decision) => notifications.current?.onDecision(decision));
      for (const [event, signal] of Object.entries(POWER_EVENT_ROUTES))
        powerMonitor.on(event as 'suspend', () => void governor[signal]());
      return governor;
    },
    log,
  });
  const composed = node;
  for (const warning of composed.warnings) log(warning);
  if (!api) throw new Error('the node was composed without its UI transport');
  const nodeApi: ProviderApi = api;
  notifications.current = startNotifications(nodeApi, join(resourcesDir, 'icon.png'));

  const showWindow = () => {
    window ??= createMainWindow({
      preload: here('./preload.cjs'),
      icon: join(resourcesDir, 'icon.png'),
      show: true,
      prefs,
      savePrefs,
      quitting: () => quitting,
      onHiddenToTray: () => {
        if (prefs.trayNoticeShown) return;
        savePrefs((p) => ({ ...p, trayNoticeShown: true }));
        notifications.current?.show(inTrayNotice());
      },
    });
    window.show();
    window.focus();
  };
  const applyLogin = () => app.setLoginItemSettings(loginItemSettings(prefs.startAtLogin === true));
  let blocker: number | null = null;
  const tray = createAppTray(
    resourcesDir,
    (action) =>
      void runTrayAction(action, nodeApi, {
        open: showWindow,
        quit: () => app.quit(),
        toggleLogin: () => {
          savePrefs((p) => ({ ...p, startAtLogin: !p.startAtLogin }));
          applyLogin();
          refresh();
        },
        toggleAwake: () => {
          savePrefs((p) => ({ ...p, keepAwakeWhileEarning: !p.keepAwakeWhileEarning }));
          refresh();
        },
      }).catch((error: Error) => log(`tray: ${error.message}`)),
  );
  let updater: AppUpdater | null = null;
  const refresh = () => {
    tray.update(state, {
      startAtLogin: prefs.startAtLogin === true,
      keepAwakeWhileEarning: prefs.keepAwakeWhileEarning,
    });
    const wanted = keepAwakeWanted(state, prefs.keepAwakeWhileEarning);
    if (wanted && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!wanted && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
    if (state) updater?.observe(state, signing);
  };
  composed.node.onEvent((event) => {
    if (event.type === 'signing') signing.set(event.request.requestId, event.request.state);
    if (event.type !== 'state') return refresh();
    state = event.state;
    notifications.current?.onState(event.state);
    refresh();
  });
  state = await nodeApi.getState({});
  refresh();

  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {}); // the node keeps running in the tray
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    notifications.current?.stop();
    updater?.stop();
    tray.destroy();
    void composed.stop().finally(() => app.exit(0));
  });

  if (!startedHidden(process.argv, app.getLoginItemSettings().wasOpenedAtLogin)) showWindow();
  if (prefs.startAtLogin === null) {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Start at login', 'Not now'],
      defaultId: 0,
      cancelId: 1,
      message: 'Start io-provider when you log in?',
      detail:
        'It starts in the tray, without a window, and earns only by your rules. You can change this in the tray menu.',
    });
    savePrefs((p) => ({ ...p, startAtLogin: response === 0 }));
    applyLogin();
    refresh();
  }
  const updateConfig = loadUpdateConfig(resourcesDir);
  if (updateConfig) updater = startUpdater(updateConfig, prefs.updateChannel, log);
  else log('updates are off: no update.json in the app’s resources');
}

main().catch((error: unknown) => {
  console.error(
    `io-provider: the app did not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  app.exit(1);
});
