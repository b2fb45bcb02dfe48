// The first-run answers as a settings patch: pure, so it is unit-tested without a browser.
import type { ScheduleWindow } from '../../../common/governor.js';
import type { NodeSettings, NodeSettingsPatch } from '../../../common/node-settings.js';

export type Sharing = 'idle' | 'schedule' | 'always';

export interface OnboardingDraft {
  sharing: Sharing;
  idleMinutes: string;
  windows: ScheduleWindow[];
  temperatureLimitC: string;
  sandbox: boolean;
  networkUrl: string;
}

/** The settings patch the owner's first-run answers stand for. */
export function onboardingPatch(saved: NodeSettings, d: OnboardingDraft): NodeSettingsPatch {
  const g = saved.governor;
  return {
    onboarded: true,
    networkUrl: d.sandbox ? null : d.networkUrl.trim(),
    governor: {
      ...g,
      mode: d.sharing === 'always' ? { kind: 'run-now' } : { kind: 'auto' },
      schedule: { ...g.schedule, windows: d.sharing === 'schedule' ? d.windows : [] },
      limits: {
        ...g.limits,
        // On a schedule the windows decide alone; idle or not does not matter inside them.
        idleStartSeconds: d.sharing === 'schedule' ? 0 : Math.round(Number(d.idleMinutes) * 60),
        temperatureLimitC: Number(d.temperatureLimitC),
      },
    },
  };
}
