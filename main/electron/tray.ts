// Electron's side of tray-model.ts: one Tray whose icon, tooltip and menu are rebuilt from the
// model whenever the node's state or the owner's desktop choices change.
import { join } from 'node:path';
import { Menu, nativeImage, nativeTheme, Tray, type MenuItemConstructorOptions } from 'electron';
import type { NodeState } from '../../common/dashboard-api.js';
import { trayIconFile, trayModel, type TrayAction, type TrayItem, type TrayPrefs } from './tray-model.js';

export interface AppTray {
  update(state: NodeState | null, prefs: TrayPrefs): void;
  destroy(): void;
}

export function createAppTray(resourcesDir: string, onAction: (action: TrayAction) => void): AppTray {
  const toMenu = (items: TrayItem[]): MenuItemConstructorOptions[] =>
    items.map((item): MenuItemConstructorOptions => {
      switch (item.type) {
        case 'separator':
          return { type: 'separator' };
        case 'text':
          return { label: item.label, enabled: false };
        case 'action':
          return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
        case 'check':
          return {
            label: item.label,
            type: 'checkbox',
            checked: item.checked,
            click: () => onAction(item.action),
          };
        case 'submenu':
          return { label: item.label, enabled: item.enabled, submenu: toMenu(item.items) };
      }
    });
  let last: { state: NodeState | null; prefs: TrayPrefs } = {
    state: null,
    prefs: { startAtLogin: false, keepAwakeWhileEarning: false },
  };
  const image = (state: NodeState | null) =>
    nativeImage.createFromPath(
      join(resourcesDir, trayIconFile(trayModel(state, last.prefs).icon, nativeTheme.shouldUseDarkColors)),
    );
  const tray = new Tray(image(null));
  const update = (state: NodeState | null, prefs: TrayPrefs) => {
    last = { state, prefs };
    const model = trayModel(state, prefs);
    tray.setImage(image(state));
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(toMenu(model.menu)));
  };
  const onTheme = () => update(last.state, last.prefs);
  nativeTheme.on('updated', onTheme);
  tray.on('click', () => onAction({ kind: 'open' }));
  update(null, last.prefs);
  return {
    update,
    destroy: () => {
      nativeTheme.off('updated', onTheme);
      tray.destroy();
    },
  };
}
