// Every decision about the app's window, as data: its options (sandbox, isolation, no Node), where
// it may navigate (nowhere but the app's own page), what a link or window.open does (the allow-list
// of https hosts opens in the owner's browser; everything else is dropped), and which permission a
// page may get (none). window.ts applies them to Electron objects.
import { APP_ORIGIN } from './app-protocol.js';
import type { Bounds } from './desktop-prefs.js';
import { allowedExternalUrl } from './external-links.js';
import { originOf } from './ipc-ui.js';

export interface WindowOptionsInput {
  preload: string;
  bounds: Bounds | null;
  icon?: string;
  /** Started at login: no window until the owner opens it from the tray. */
  show: boolean;
}

/**
 * Makes the main window with Electron's BrowserWindow passed in (tests pass a fake). The options are
 * written out here, at the `new BrowserWindow` itself, so a scanner (npm run scan:electron) and a
 * reader see every webPreference where the window is made.
 */
export function buildMainWindow<W>(
  BrowserWindow: new (options: MainWindowOptions) => W,
  o: WindowOptionsInput,
): W {
  const placed: Partial<Bounds> & { width: number; height: number } = o.bounds ?? {
    width: 1200,
    height: 820,
  };
  return new BrowserWindow({
    ...placed,
    minWidth: 360,
    minHeight: 480,
    title: 'io-provider',
    show: o.show,
    ...(o.icon ? { icon: o.icon } : {}),
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
}

export interface MainWindowOptions {
  x?: number;
  y?: number;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  icon?: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    safeDialogs: true;
    spellcheck: false;
  };
}

/** A navigation (will-navigate, will-redirect) may proceed only within the app's own page. */
export const navigationAllowed = (target: string): boolean => originOf(target) === APP_ORIGIN;

/** What window.open or a target=_blank link does: open an allowed https URL outside, or nothing. */
export function windowOpenDecision(target: string): { action: 'deny'; external: string | null } {
  return { action: 'deny', external: allowedExternalUrl(target) };
}

/** The page asks for the camera, notifications, HID...: the dashboard needs none of them. */
export const permissionAllowed = (_permission: string): boolean => false;
