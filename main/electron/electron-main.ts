// The desktop app's entry (package.json "main" -> dist/electron-main.js): the same node the headless
// CLI runs, composed with Electron's pieces — the GPU worker in a utilityProcess and idle/lock from
// powerMonitor — and a window on the node's UI. For now the window loads the loopback dashboard;
// the IPC transport, preload bridge, custom protocol, tray and updates replace that in the shell
// work (issue 13). Not run by CI: the Electron binary cannot be downloaded on the build machines.
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, powerMonitor } from 'electron';
import { composeNode, type ComposedNode } from '../compose/compose-node.js';
import { loopbackUi } from '../compose/loopback-ui.js';
import { createPowerMonitorIdleSource } from '../hardware/idle/power-monitor.js';
import { defaultDataDir } from '../store/data-dir.js';
import { utilityProcessSpawner } from './gpu-utility-spawner.js';

const workerEntry = fileURLToPath(new URL('./gpu-worker.js', import.meta.url));

async function openWindow(url: string): Promise<void> {
  const origin = new URL(url).origin;
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    title: 'io-provider',
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  // The window shows the node's own page and nothing else.
  window.webContents.on('will-navigate', (event, target) => {
    if (new URL(target).origin !== origin) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  await window.loadURL(url);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  const dataDir = process.env.IO_PROVIDER_DATA ?? defaultDataDir();
  const node: ComposedNode = await composeNode({
    dataDir,
    spawner: utilityProcessSpawner(workerEntry),
    idleSource: createPowerMonitorIdleSource(powerMonitor),
    ui: loopbackUi({ dataDir }),
  });
  powerMonitor.on('suspend', () => node.node.governor?.signalSuspend());
  powerMonitor.on('resume', () => node.node.governor?.signalResume());
  await openWindow(node.ui.url!);
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void node.stop().finally(() => app.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(
    `io-provider: the app did not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  app.exit(1);
});
