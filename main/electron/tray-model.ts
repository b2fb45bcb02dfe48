// The tray as data, from the node's state: which icon (idle / earning / paused / alert), the tooltip
// (the headline and today's earnings) and the menu (state line, earnings, Pause, Snooze, Finish then
// pause, Resume, start at login, keep awake, Open dashboard, Quit). tray.ts turns it into Electron's
// Tray and Menu; runTrayAction carries a click out through the same API the dashboard uses.
import type { NodeState, ProviderApi } from '../../common/dashboard-api.js';
import type { RunningMode } from '../../common/governor.js';
import { formatIo } from '../../common/io-units.js';
import { SNOOZE_HOURS } from '../../common/snooze.js';

export type TrayIconKind = 'idle' | 'earning' | 'paused' | 'alert';
export const TRAY_ICON_KINDS: readonly TrayIconKind[] = ['idle', 'earning', 'paused', 'alert'];

export type TrayAction =
  | { kind: 'pause' }
  | { kind: 'snooze'; hours: number }
  | { kind: 'finish' }
  | { kind: 'resume'; mode: RunningMode }
  | { kind: 'toggle-login' }
  | { kind: 'toggle-awake' }
  | { kind: 'open' }
  | { kind: 'quit' };

export type TrayItem =
  | { type: 'separator' }
  | { type: 'text'; label: string }
  | { type: 'action'; label: string; enabled: boolean; action: TrayAction }
  | { type: 'check'; label: string; checked: boolean; action: TrayAction }
  | { type: 'submenu'; label: string; enabled: boolean; items: TrayItem[] };

export interface TrayModel {
  icon: TrayIconKind;
  tooltip: string;
  menu: TrayItem[];
}

export interface TrayPrefs {
  startAtLogin: boolean;
  keepAwakeWhileEarning: boolean;
}

/** The icon file for a state; `dark`: the OS shows a dark menu bar or taskbar (light glyph). */
export const trayIconFile = (kind: TrayIconKind, dark: boolean) =>
  `tray-${kind}-${dark ? 'dark' : 'light'}.png`;

const ALERT_STATUS = new Set(['failed', 'blocked', 'inactive']);
const HEAT_CODES = new Set(['too-hot', 'thermal', 'sensor-stale']);

export function trayIconKind(state: NodeState | null): TrayIconKind {
  if (!state) return 'idle';
  if (
    state.phase === 'offline' ||
    ALERT_STATUS.has(state.device.status ?? '') ||
    HEAT_CODES.has(state.governor.code)
  )
    return 'alert';
  if (state.earning) return 'earning';
  const mode = state.governor.mode.kind;
  if (mode === 'paused' || mode === 'snoozed' || mode === 'finish-then-pause') return 'paused';
  return 'idle';
}

/** The mode Resume goes back to: a snooze's or a finish's own, else Auto. */
function resumeMode(state: NodeState): RunningMode {
  const mode = state.governor.mode;
  if (mode.kind === 'snoozed') return mode.resumeTo;
  if (mode.kind === 'finish-then-pause') return mode.rules;
  return 'auto';
}

// Windows cuts tray tooltips at 127 characters; a menu line should stay readable too.
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function trayModel(state: NodeState | null, prefs: TrayPrefs): TrayModel {
  const today = state ? `Today: ${formatIo(BigInt(state.earnings.today))}` : 'Today: —';
  const headline = state ? state.headline : 'Starting…';
  const mode = state?.governor.mode.kind;
  const running = mode === 'auto' || mode === 'run-now';
  const stopped = mode === 'paused' || mode === 'snoozed' || mode === 'finish-then-pause';
  const menu: TrayItem[] = [
    { type: 'text', label: clip(headline, 80) },
    { type: 'text', label: today },
    { type: 'separator' },
    { type: 'action', label: 'Pause', enabled: running, action: { kind: 'pause' } },
    {
      type: 'submenu',
      label: 'Snooze',
      enabled: running,
      items: SNOOZE_HOURS.map((hours) => ({
        type: 'action' as const,
        label: hours === 1 ? '1 hour' : `${hours} hours`,
        enabled: running,
        action: { kind: 'snooze' as const, hours },
      })),
    },
    {
      type: 'action',
      label: 'Finish current job, then pause',
      enabled: running && state?.job != null,
      action: { kind: 'finish' },
    },
    {
      type: 'action',
      label: 'Resume',
      enabled: stopped,
      action: { kind: 'resume', mode: state ? resumeMode(state) : 'auto' },
    },
    { type: 'separator' },
    { type: 'check', label: 'Start at login', checked: prefs.startAtLogin, action: { kind: 'toggle-login' } },
    {
      type: 'check',
      label: 'Keep the PC awake while earning',
      checked: prefs.keepAwakeWhileEarning,
      action: { kind: 'toggle-awake' },
    },
    { type: 'separator' },
    { type: 'action', label: 'Open dashboard', enabled: true, action: { kind: 'open' } },
    { type: 'action', label: 'Quit io-provider', enabled: true, action: { kind: 'quit' } },
  ];
  return { icon: trayIconKind(state), tooltip: clip(`io-provider — ${headline}\n${today}`, 127), menu };
}

export interface TrayHooks {
  open(): void;
  quit(): void;
  toggleLogin(): void;
  toggleAwake(): void;
}

/** Carries out a menu click; node commands go through the same calls as the dashboard's buttons. */
export async function runTrayAction(action: TrayAction, api: ProviderApi, hooks: TrayHooks): Promise<void> {
  switch (action.kind) {
    case 'pause':
      await api.setMode({ mode: 'paused' });
      return;
    case 'snooze':
      await api.snooze({ hours: action.hours });
      return;
    case 'finish':
      await api.finish({});
      return;
    case 'resume':
      await api.setMode({ mode: action.mode });
      return;
    case 'toggle-login':
      return hooks.toggleLogin();
    case 'toggle-awake':
      return hooks.toggleAwake();
    case 'open':
      return hooks.open();
    case 'quit':
      return hooks.quit();
  }
}
