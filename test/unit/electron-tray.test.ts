// The tray and the notifications as data: icon, tooltip and menu from the node's state; menu clicks
// through the dashboard's calls; which notices a change of state, payouts or governor brings.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProviderApi } from '../../common/dashboard-api.js';
import type { GovernorDecision } from '../../common/governor.js';
import type { PayoutsView } from '../../common/wallet-api.js';
import {
  idleStartNoticeDelay,
  NotificationPolicy,
  HEAT_REPEAT_MS,
} from '../../main/electron/notification-policy.js';
import {
  runTrayAction,
  TRAY_ICON_KINDS,
  trayIconFile,
  trayModel,
  type TrayAction,
  type TrayItem,
} from '../../main/electron/tray-model.js';
import { keepAwakeWanted } from '../../main/electron/power-signals.js';
import { nodeState } from '../fixtures/node-state.js';

const prefs = { startAtLogin: false, keepAwakeWhileEarning: false };
const item = (menu: TrayItem[], label: string) => menu.find((i) => 'label' in i && i.label.startsWith(label));
const enabled = (menu: TrayItem[], label: string) => {
  const found = item(menu, label);
  if (!found || !('enabled' in found)) throw new Error(`no item ${label}`);
  return found.enabled;
};

describe('trayModel', () => {
  it('earning: green icon, the headline and today’s IO in the tooltip and the first lines', () => {
    const m = trayModel(nodeState({ earnings: { ...nodeState().earnings, today: '1500000000' } }), prefs);
    expect(m.icon).toBe('earning');
    expect(m.tooltip).toBe('io-provider — Earning: ready, waiting for the next job\nToday: 1.5 IO');
    expect(m.menu.slice(0, 2)).toEqual([
      { type: 'text', label: 'Earning: ready, waiting for the next job' },
      { type: 'text', label: 'Today: 1.5 IO' },
    ]);
    expect(enabled(m.menu, 'Pause')).toBe(true);
    expect(enabled(m.menu, 'Snooze')).toBe(true);
    expect(enabled(m.menu, 'Resume')).toBe(false);
    expect(enabled(m.menu, 'Finish current job')).toBe(false); // no job running
  });

  it('offers Finish only while a job runs, and Snooze 1/3/6/12 h', () => {
    const m = trayModel(nodeState({ job: { jobId: 'j', startedAt: 1, progress: 0.5 } }), prefs);
    expect(enabled(m.menu, 'Finish current job')).toBe(true);
    const snooze = item(m.menu, 'Snooze');
    expect(
      snooze?.type === 'submenu' && snooze.items.map((i) => (i.type === 'action' ? i.action : null)),
    ).toEqual([1, 3, 6, 12].map((hours) => ({ kind: 'snooze', hours })));
  });

  it('paused or snoozed: paused icon, Resume back to the mode it came from', () => {
    const paused = trayModel(
      nodeState({ earning: false, governor: { mode: { kind: 'paused' }, code: 'paused' } }),
      prefs,
    );
    expect(paused.icon).toBe('paused');
    expect(enabled(paused.menu, 'Pause')).toBe(false);
    expect(item(paused.menu, 'Resume')).toMatchObject({
      enabled: true,
      action: { kind: 'resume', mode: 'auto' },
    });
    const snoozed = trayModel(
      nodeState({
        earning: false,
        governor: { mode: { kind: 'snoozed', until: 9, resumeTo: 'run-now' }, code: 'snoozed' },
      }),
      prefs,
    );
    expect(snoozed.icon).toBe('paused');
    expect(item(snoozed.menu, 'Resume')).toMatchObject({ action: { kind: 'resume', mode: 'run-now' } });
  });

  it('alert for a failed device, heat or no network; idle when waiting; a clipped tooltip', () => {
    expect(trayModel(nodeState({ earning: false, device: { status: 'failed' } }), prefs).icon).toBe('alert');
    expect(trayModel(nodeState({ governor: { code: 'too-hot' } }), prefs).icon).toBe('alert');
    expect(trayModel(nodeState({ earning: false, phase: 'offline' }), prefs).icon).toBe('alert');
    expect(trayModel(nodeState({ earning: false, governor: { code: 'waiting-idle' } }), prefs).icon).toBe(
      'idle',
    );
    expect(trayModel(null, prefs)).toMatchObject({
      icon: 'idle',
      tooltip: 'io-provider — Starting…\nToday: —',
    });
    expect(trayModel(nodeState({ headline: 'x'.repeat(300) }), prefs).tooltip.length).toBeLessThanOrEqual(
      127,
    );
  });

  it('shows the desktop choices as checkboxes', () => {
    const m = trayModel(nodeState(), { startAtLogin: true, keepAwakeWhileEarning: false });
    expect(item(m.menu, 'Start at login')).toMatchObject({ type: 'check', checked: true });
    expect(item(m.menu, 'Keep the PC awake')).toMatchObject({ type: 'check', checked: false });
  });

  it('has an icon file for every state and theme, at 1x and 2x', () => {
    for (const kind of TRAY_ICON_KINDS)
      for (const dark of [false, true]) {
        const file = trayIconFile(kind, dark);
        expect(existsSync(new URL(`../../resources/${file}`, import.meta.url))).toBe(true);
        expect(
          existsSync(new URL(`../../resources/${file.replace('.png', '@2x.png')}`, import.meta.url)),
        ).toBe(true);
      }
  });
});

describe('runTrayAction', () => {
  it('sends node commands through the dashboard’s calls and the rest to the hooks', async () => {
    const calls: [string, unknown][] = [];
    const api = new Proxy({} as ProviderApi, {
      get: (_t, name: string) => (input: unknown) => (calls.push([name, input]), Promise.resolve({})),
    });
    const hooks: string[] = [];
    const h = {
      open: () => hooks.push('open'),
      quit: () => hooks.push('quit'),
      toggleLogin: () => hooks.push('login'),
      toggleAwake: () => hooks.push('awake'),
    };
    const actions: TrayAction[] = [
      { kind: 'pause' },
      { kind: 'snooze', hours: 3 },
      { kind: 'finish' },
      { kind: 'resume', mode: 'run-now' },
      { kind: 'open' },
      { kind: 'toggle-login' },
      { kind: 'toggle-awake' },
      { kind: 'quit' },
    ];
    for (const a of actions) await runTrayAction(a, api, h);
    expect(calls).toEqual([
      ['setMode', { mode: 'paused' }],
      ['snooze', { hours: 3 }],
      ['finish', {}],
      ['setMode', { mode: 'run-now' }],
    ]);
    expect(hooks).toEqual(['open', 'login', 'awake', 'quit']);
  });
});

describe('NotificationPolicy', () => {
  it('says nothing about how things were at start', () => {
    const p = new NotificationPolicy();
    expect(p.onState(nodeState({ device: { status: 'failed', statusReason: 'too slow' } }), 0)).toEqual([]);
  });

  it('announces verification passed and failed, with the verifier’s reason', () => {
    const p = new NotificationPolicy();
    p.onState(nodeState({ device: { status: 'pending' } }), 0);
    expect(p.onState(nodeState({ device: { status: 'verified', provenClass: 'RTX 4090' } }), 1)).toEqual([
      {
        kind: 'verified',
        title: 'Device verified',
        body: 'The network checked this GPU (RTX 4090): it can earn now.',
      },
    ]);
    expect(p.onState(nodeState({ device: { status: 'verified' } }), 2)).toEqual([]);
    expect(
      p.onState(nodeState({ device: { status: 'failed', statusReason: 'memory phase too slow' } }), 3),
    ).toEqual([{ kind: 'verification-failed', title: 'Verification failed', body: 'memory phase too slow' }]);
  });

  it('announces heat once per half hour', () => {
    const p = new NotificationPolicy();
    const hot = nodeState({ governor: { code: 'too-hot', reason: 'Paused: 86 °C, limit 80 °C' } });
    p.onState(nodeState(), 0);
    expect(p.onState(hot, 1).map((n) => n.body)).toEqual(['Paused: 86 °C, limit 80 °C']);
    p.onState(nodeState(), 2);
    expect(p.onState(hot, 3)).toEqual([]);
    p.onState(nodeState(), HEAT_REPEAT_MS);
    expect(p.onState(hot, HEAT_REPEAT_MS + 1)).toHaveLength(1);
  });

  it('announces each payout once when it turns paid (the first read is the baseline)', () => {
    const payout = (id: string, state: 'sending' | 'paid') => ({
      payoutId: id,
      claimId: 'c',
      wallet: 'So1anaWa11etAddre55xxxxxxxxxxxxxxxxxxxxxxxx',
      tokenAccount: 't',
      amount: '2500000000',
      state,
      signature: 's',
      reason: '',
      createdAt: '2025-01-01T00:00:00.000Z',
      settledAt: null,
    });
    const view = (...payouts: ReturnType<typeof payout>[]) =>
      ({
        claimable: '0',
        claimableGross: '0',
        claimableFee: '0',
        feeBps: 25,
        minPayout: '0',
        payouts,
        inFlight: null,
      }) as PayoutsView;
    const p = new NotificationPolicy();
    expect(p.onPayouts(view(payout('old', 'paid'), payout('new', 'sending')))).toEqual([]);
    expect(p.onPayouts(view(payout('old', 'paid'), payout('new', 'paid')))).toEqual([
      { kind: 'payout', title: 'Payout sent', body: '2.5 IO to So1a…xxxx' },
    ]);
    expect(p.onPayouts(view(payout('old', 'paid'), payout('new', 'paid')))).toEqual([]);
  });

  it('plans "Starting in 5 s" from the governor’s idle threshold', () => {
    const d = (code: GovernorDecision['code'], until?: number) => ({ code, until }) as GovernorDecision;
    expect(idleStartNoticeDelay(d('waiting-idle', 60_000), 0)).toBe(55_000);
    expect(idleStartNoticeDelay(d('waiting-idle', 3_000), 0)).toBe(0);
    expect(idleStartNoticeDelay(d('waiting-idle', 3_000), 4_000)).toBeNull();
    expect(idleStartNoticeDelay(d('waiting-idle'), 0)).toBeNull();
    expect(idleStartNoticeDelay(d('outside-schedule', 60_000), 0)).toBeNull();
  });

  it('keeps the PC awake only while earning, and only if chosen', () => {
    expect(keepAwakeWanted(nodeState({ earning: true }), true)).toBe(true);
    expect(keepAwakeWanted(nodeState({ earning: false }), true)).toBe(false);
    expect(keepAwakeWanted(nodeState({ earning: true }), false)).toBe(false);
    expect(keepAwakeWanted(null, true)).toBe(false);
  });
});
