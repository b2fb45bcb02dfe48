// What only the desktop app keeps (desktop.json in the data folder): start at login (null until the
// owner was asked at first run), keep the PC awake while earning, the update channel, whether the
// "still running in the tray" notice was shown, and the window's last bounds. The node's own
// settings (settings.json) stay the contract's; a damaged desktop.json just means defaults, since
// nothing in it is worth stopping the app for.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../common/node/atomic-file.js';

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
});
export type Bounds = z.infer<typeof boundsSchema>;

export const desktopPrefsSchema = z.object({
  startAtLogin: z.boolean().nullable().default(null),
  keepAwakeWhileEarning: z.boolean().default(false),
  updateChannel: z.enum(['stable', 'beta']).default('stable'),
  trayNoticeShown: z.boolean().default(false),
  window: z.object({ bounds: boundsSchema, maximized: z.boolean() }).nullable().default(null),
});
export type DesktopPrefs = z.infer<typeof desktopPrefsSchema>;

export const desktopPrefsPath = (dataDir: string) => join(dataDir, 'desktop.json');

export function loadDesktopPrefs(dataDir: string): DesktopPrefs {
  const path = desktopPrefsPath(dataDir);
  try {
    if (existsSync(path)) {
      const parsed = desktopPrefsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (parsed.success) return parsed.data;
    }
  } catch {
    // unreadable: defaults below
  }
  return desktopPrefsSchema.parse({});
}

export function saveDesktopPrefs(dataDir: string, prefs: DesktopPrefs): void {
  writeFileAtomic(desktopPrefsPath(dataDir), `${JSON.stringify(desktopPrefsSchema.parse(prefs), null, 2)}\n`);
}

/**
 * The saved bounds if at least 100 x 100 px of the window would be on one of today's displays (a
 * monitor unplugged since must not leave the window off screen); null: let the OS place it.
 */
export function restoreBounds(saved: Bounds | null, workAreas: readonly Bounds[]): Bounds | null {
  if (!saved) return null;
  const visible = workAreas.some((a) => {
    const w = Math.min(saved.x + saved.width, a.x + a.width) - Math.max(saved.x, a.x);
    const h = Math.min(saved.y + saved.height, a.y + a.height) - Math.max(saved.y, a.y);
    return w >= 100 && h >= 100;
  });
  return visible ? saved : null;
}

/** app.setLoginItemSettings for the owner's choice: started at login, the app stays in the tray. */
export const loginItemSettings = (enabled: boolean) => ({
  openAtLogin: enabled,
  openAsHidden: true, // macOS
  args: ['--hidden'], // Windows: electron-main reads it (Linux autostart is left to the desktop)
});

/** Started by the login item: no window, only the tray. */
export const startedHidden = (argv: readonly string[], wasOpenedAtLogin: boolean): boolean =>
  wasOpenedAtLogin || argv.includes('--hidden');
