// The settings form's pure part: a draft from the saved settings, the patch to send, client-side
// validation with the contract's own schema, and whether anything changed.
import type { NodeSettings, NodeSettingsPatch } from '../../../common/node-settings.js';
import type { GovernorMode } from '../../../common/governor.js';

export interface SettingsDraft {
  deviceName: string;
  idleMinutes: string;
  windows: NodeSettings['governor']['schedule']['windows'];
  exclusiveApps: string[];
  runOnBattery: boolean;
  temperatureLimitC: string;
  dutyCapPercent: string;
  sandbox: boolean;
  networkUrl: string;
}

export function draftFrom(s: NodeSettings): SettingsDraft {
  return {
    deviceName: s.deviceName,
    idleMinutes: String(s.governor.limits.idleStartSeconds / 60),
    windows: s.governor.schedule.windows.map((w) => ({ ...w, days: [...w.days] })),
    exclusiveApps: [...s.governor.apps.exclusiveApps],
    runOnBattery: s.governor.limits.runOnBattery,
    temperatureLimitC: String(s.governor.limits.temperatureLimitC),
    dutyCapPercent: String(Math.round(s.governor.limits.dutyCap * 100)),
    sandbox: s.networkUrl === null,
    networkUrl: s.networkUrl ?? '',
  };
}

const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The patch a draft stands for; the mode is the live one (Pause/Auto may have changed it meanwhile). */
export function patchFrom(saved: NodeSettings, d: SettingsDraft, liveMode: GovernorMode): NodeSettingsPatch {
  return {
    deviceName: d.deviceName.trim(),
    networkUrl: d.sandbox ? null : d.networkUrl.trim(),
    governor: {
      ...saved.governor,
      mode: liveMode,
      schedule: { ...saved.governor.schedule, windows: d.windows },
      limits: {
        ...saved.governor.limits,
        idleStartSeconds: Math.round(num(d.idleMinutes) * 60),
        runOnBattery: d.runOnBattery,
        temperatureLimitC: num(d.temperatureLimitC),
        dutyCap: num(d.dutyCapPercent) / 100,
      },
      apps: { ...saved.governor.apps, exclusiveApps: d.exclusiveApps },
    },
  };
}

/** Field -> message, keyed like the form's fields; empty when the patch is valid. */
export async function validatePatch(patch: NodeSettingsPatch): Promise<Record<string, string>> {
  const { nodeSettingsPatchSchema } = await import('./settings-schema.js');
  const result = nodeSettingsPatchSchema.safeParse(patch);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const key =
      path[0] === 'governor' && path[1] === 'schedule'
        ? `window-${path[3] ?? 0}`
        : path[0] === 'governor'
          ? (path[path.length - 1] ?? 'governor')
          : (path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}

export const isDirty = (saved: NodeSettings, d: SettingsDraft) =>
  JSON.stringify(draftFrom(saved)) !== JSON.stringify(d);
