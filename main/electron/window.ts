// Electron's side of window-policy.ts: the app:// protocol, the one main window (hidden to the tray
// on close), its guards, and its bounds kept in desktop.json. Every decision is in window-policy.ts
// and app-protocol.ts; this file only wires them to Electron's events.
import { BrowserWindow, protocol, screen, session, shell } from 'electron';
import { defaultStaticDir } from '../dashboard/static-files.js';
import { APP_SCHEME, APP_URL, appProtocolAnswer } from './app-protocol.js';
import type { Bounds, DesktopPrefs } from './desktop-prefs.js';
import { restoreBounds } from './desktop-prefs.js';
import {
  buildMainWindow,
  navigationAllowed,
  permissionAllowed,
  windowOpenDecision,
} from './window-policy.js';

/** Before app 'ready': app:// behaves like https (its own origin, ES modules, no mixed content). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** After 'ready': app:// serves dist/renderer; the page may ask for no permission. */
export function serveAppScheme(staticDir = defaultStaticDir()): void {
  protocol.handle(APP_SCHEME, (request) => {
    const answer = appProtocolAnswer(staticDir, request.url, request.method);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(permissionAllowed(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
}

export interface CreateMainWindowOptions {
  preload: string;
  icon?: string;
  show: boolean;
  prefs: DesktopPrefs;
  savePrefs(update: (prefs: DesktopPrefs) => DesktopPrefs): void;
  /** Closing hides to the tray unless the app is quitting. */
  quitting(): boolean;
  onHiddenToTray(): void;
}

export function createMainWindow(o: CreateMainWindowOptions): BrowserWindow {
  const areas: Bounds[] = screen.getAllDisplays().map((d) => d.workArea);
  const saved = o.prefs.window;
  const window = buildMainWindow(BrowserWindow, {
    preload: o.preload,
    icon: o.icon,
    show: o.show,
    bounds: restoreBounds(saved?.bounds ?? null, areas),
  });
  if (saved?.maximized) window.maximize();
  const contents = window.webContents;
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!navigationAllowed(url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.external) void shell.openExternal(decision.external);
    return { action: decision.action };
  });
  const remember = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const bounds = window.getNormalBounds();
    o.savePrefs((p) => ({ ...p, window: { bounds, maximized: window.isMaximized() } }));
  };
  window.on('close', (event) => {
    remember();
    if (o.quitting()) return;
    event.preventDefault();
    window.hide();
    o.onHiddenToTray();
  });
  void window.loadURL(APP_URL);
  return window;
}
