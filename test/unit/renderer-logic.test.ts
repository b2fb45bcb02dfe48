// The renderer's pure parts: IO amounts grouped for the locale without a float, the settings form's
// patch and validation (the contract's own schema), the first-run answers, routes and backoff.
import { describe, expect, it } from 'vitest';
import { formatIoAmountLocale } from '../../common/io-units.js';
import { nodeSettingsSchema } from '../../common/node-settings.js';
import { onboardingPatch } from '../../renderer/features/onboarding/onboarding-patch.js';
import {
  draftFrom,
  isDirty,
  patchFrom,
  validatePatch,
} from '../../renderer/features/settings/settings-form.js';
import { reconnectDelayMs } from '../../renderer/lib/backoff.js';
import { routeFromHash } from '../../renderer/store/routes.js';

describe('formatIoAmountLocale', () => {
  it('groups the whole part and uses the locale’s decimal sign, exactly', () => {
    expect(formatIoAmountLocale(1_234_500_000_000n, 'en-US')).toBe('1,234.5');
    expect(formatIoAmountLocale(1_234_500_000_000n, 'de-DE')).toBe('1.234,5');
    expect(formatIoAmountLocale(123_456_789_012_345_678_901n, 'en-US')).toBe('123,456,789,012.345678901');
    expect(formatIoAmountLocale(-500_000_000n, 'en-US')).toBe('-0.5');
    expect(formatIoAmountLocale(1n, 'en-US')).toBe('0.000000001');
    expect(formatIoAmountLocale(0n, 'en-US')).toBe('0');
  });
});

describe('the settings form', () => {
  const saved = nodeSettingsSchema.parse({});

  it('turns an untouched draft into a valid patch that changes nothing but keeps the live mode', async () => {
    const draft = draftFrom(saved);
    expect(isDirty(saved, draft)).toBe(false);
    const patch = patchFrom(saved, draft, { kind: 'paused' });
    expect(await validatePatch(patch)).toEqual({});
    expect(nodeSettingsSchema.parse({ ...saved, ...patch })).toEqual({
      ...saved,
      governor: { ...saved.governor, mode: { kind: 'paused' } },
    });
  });

  it('names the fields the contract refuses', async () => {
    const draft = {
      ...draftFrom(saved),
      temperatureLimitC: '200',
      dutyCapPercent: '',
      sandbox: false,
      networkUrl: 'ftp://x',
      windows: [{ days: [1], start: '25:00', end: '08:00' }],
    };
    expect(isDirty(saved, draft)).toBe(true);
    const errors = await validatePatch(patchFrom(saved, draft, saved.governor.mode));
    expect(Object.keys(errors).sort()).toEqual(['dutyCap', 'networkUrl', 'temperatureLimitC', 'window-0']);
  });
});

describe('the first-run answers', () => {
  const saved = nodeSettingsSchema.parse({});
  const base = { idleMinutes: '5', windows: [], temperatureLimitC: '75', sandbox: true, networkUrl: '' };

  it('idle: Auto after N minutes; schedule: the windows alone; always: Run now', () => {
    const idle = onboardingPatch(saved, { ...base, sharing: 'idle' });
    expect(idle.onboarded).toBe(true);
    expect(idle.governor?.mode).toEqual({ kind: 'auto' });
    expect(idle.governor?.limits.idleStartSeconds).toBe(300);
    expect(idle.governor?.limits.temperatureLimitC).toBe(75);
    const windows = [{ days: [1, 2], start: '20:00', end: '08:00' }];
    const scheduled = onboardingPatch(saved, { ...base, sharing: 'schedule', windows });
    expect(scheduled.governor?.schedule.windows).toEqual(windows);
    expect(scheduled.governor?.limits.idleStartSeconds).toBe(0);
    expect(onboardingPatch(saved, { ...base, sharing: 'always' }).governor?.mode).toEqual({
      kind: 'run-now',
    });
    expect(
      onboardingPatch(saved, { ...base, sharing: 'idle', sandbox: false, networkUrl: ' https://n.example ' })
        .networkUrl,
    ).toBe('https://n.example');
  });
});

describe('routes and reconnect delays', () => {
  it('reads the screen from the hash; anything else is Home', () => {
    expect(routeFromHash('#/earnings')).toBe('earnings');
    expect(routeFromHash('#/nope')).toBe('home');
    expect(routeFromHash('')).toBe('home');
  });

  it('backs off from ~0.5 s to at most ~5 s, with jitter', () => {
    expect(reconnectDelayMs(0, () => 0.5)).toBe(500);
    expect(reconnectDelayMs(1, () => 0.5)).toBe(1000);
    expect(reconnectDelayMs(10, () => 0.5)).toBe(5000);
    expect(reconnectDelayMs(10, () => 1)).toBe(6000);
    expect(reconnectDelayMs(0, () => 0)).toBe(400);
  });
});
