// Schedule windows at their edges: midnight, the week's end, adjacent windows, DST. Times are UTC
// unless a test names a zone, so results do not depend on the machine running the tests.
import { describe, expect, it } from 'vitest';
import { scheduleSchema, type Schedule } from '../../common/governor.js';
import { scheduleStatus } from '../../main/core/schedule.js';
import { GovernorHarness, MINUTE, SECOND } from '../fakes/governor-harness.js';

const WEEKDAYS = [1, 2, 3, 4, 5];
const studio = { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '20:00', end: '08:00' }] };
/** 24-30 November 2025: Monday 24 ... Sunday 30. */
const at = (day: number, hour: number, minute = 0) => Date.UTC(2025, 10, day, hour, minute);
const status = (schedule: unknown, time: number) => scheduleStatus(scheduleSchema.parse(schedule), time);

describe('a studio’s weekday nights, 20:00-08:00', () => {
  it('waits before the window and names when it opens', () => {
    const pc = new GovernorHarness({ now: at(24, 19, 59), policy: { schedule: studio }, idleSeconds: 3600 });
    expect(pc.evaluate()).toMatchObject({
      action: 'pause',
      reason: 'Waiting: outside schedule (next window 20:00)',
      until: at(24, 20),
    });
    expect(pc.advance(MINUTE)).toMatchObject({
      action: 'run',
      reason: 'Running: idle for 1 h 1 min, inside schedule until Tue 08:00',
      until: at(25, 8),
    });
  });

  it('runs through midnight and stops at 08:00 the next morning', () => {
    expect(status(studio, at(24, 23, 59)).inside).toBe(true);
    expect(status(studio, at(25, 0, 0)).inside).toBe(true);
    expect(status(studio, at(25, 7, 59)).inside).toBe(true);
    expect(status(studio, at(25, 8, 0))).toMatchObject({
      inside: false,
      changesAt: at(25, 20),
      changesAtLabel: '20:00',
    });
  });

  it('Friday night runs into Saturday morning, and Saturday evening waits for Monday', () => {
    expect(status(studio, at(29, 7, 59)).inside).toBe(true); // Saturday morning: Friday's window
    expect(status(studio, at(29, 8, 0)).inside).toBe(false);
    expect(status(studio, at(29, 20, 0))).toMatchObject({ inside: false, changesAtLabel: 'Mon 20:00' });
    expect(status(studio, at(30, 23, 0))).toMatchObject({ inside: false, changesAt: at(24 + 7, 20) });
  });

  it('Monday 00:30 is outside: Sunday is not a studio night', () => {
    expect(status(studio, at(24, 0, 30))).toMatchObject({ inside: false, changesAtLabel: '20:00' });
  });
});

describe('windows around the week’s end and each other', () => {
  it('a Saturday 22:00-02:00 window is still open early on Sunday', () => {
    const saturdayNight = { timeZone: 'UTC', windows: [{ days: [6], start: '22:00', end: '02:00' }] };
    expect(status(saturdayNight, at(30, 1, 59)).inside).toBe(true);
    expect(status(saturdayNight, at(30, 2, 0)).inside).toBe(false);
  });

  it('a Sunday 22:00-06:00 window runs into Monday', () => {
    const sundayNight = { timeZone: 'UTC', windows: [{ days: [0], start: '22:00', end: '06:00' }] };
    expect(status(sundayNight, at(24, 5, 59)).inside).toBe(true);
    expect(status(sundayNight, at(24, 6, 0))).toMatchObject({ inside: false, changesAtLabel: 'Sun 22:00' });
  });

  it('whole days merge: a weekend of two 24 h windows ends Monday 00:00', () => {
    const weekend = { timeZone: 'UTC', windows: [{ days: [6, 0], start: '00:00', end: '00:00' }] };
    expect(status(weekend, at(29, 9, 0))).toMatchObject({
      inside: true,
      changesAt: at(24 + 7, 0),
      changesAtLabel: 'Mon 00:00',
    });
    expect(status(weekend, at(24, 0, 0)).inside).toBe(false);
  });

  it('"24:00" closes at the end of the day', () => {
    const evenings = { timeZone: 'UTC', windows: [{ days: [1], start: '18:00', end: '24:00' }] };
    expect(status(evenings, at(24, 23, 59)).inside).toBe(true);
    expect(status(evenings, at(25, 0, 0)).inside).toBe(false);
  });

  it('no windows means no schedule: always allowed', () => {
    expect(status({}, at(26, 3, 0))).toEqual({
      hasSchedule: false,
      inside: true,
      changesAt: null,
      changesAtLabel: null,
    });
  });

  it('rejects times that are not times', () => {
    expect(() => scheduleSchema.parse({ windows: [{ days: [1], start: '25:00', end: '08:00' }] })).toThrow();
    expect(() => scheduleSchema.parse({ windows: [{ days: [1], start: '24:00', end: '08:00' }] })).toThrow();
    expect(() => scheduleSchema.parse({ windows: [{ days: [7], start: '20:00', end: '08:00' }] })).toThrow();
  });
});

describe('time zones', () => {
  it('reads windows in the owner’s zone', () => {
    const berlin: Schedule = scheduleSchema.parse({
      timeZone: 'Europe/Berlin',
      windows: [{ days: WEEKDAYS, start: '20:00', end: '08:00' }],
    });
    // 19:30 UTC on a November Monday is 20:30 in Berlin (UTC+1).
    expect(scheduleStatus(berlin, at(24, 19, 30))).toMatchObject({ inside: true, changesAt: at(25, 7) });
  });

  it('the morning after the spring DST change ends at 08:00 local, one hour earlier in UTC', () => {
    const nightly = scheduleSchema.parse({
      timeZone: 'Europe/Berlin',
      windows: [{ days: [0, 1, 2, 3, 4, 5, 6], start: '22:00', end: '08:00' }],
    });
    // Saturday 29 March 2025, 22:30 CET = 21:30 UTC; clocks go forward at 02:00 on Sunday.
    const saturdayNight = Date.UTC(2025, 2, 29, 21, 30);
    expect(scheduleStatus(nightly, saturdayNight)).toMatchObject({
      inside: true,
      changesAt: Date.UTC(2025, 2, 30, 6, 0), // 08:00 CEST
      changesAtLabel: 'Sun 08:00',
    });
  });
});

describe('schedule and the rest of Auto', () => {
  it('the window opening does not skip the idle rule', () => {
    const pc = new GovernorHarness({ now: at(24, 19, 59), policy: { schedule: studio } });
    expect(pc.evaluate().code).toBe('outside-schedule');
    expect(pc.advance(MINUTE).code).toBe('waiting-idle');
    expect(pc.advance(2 * MINUTE, SECOND).action).toBe('run');
  });

  it('the window closing pauses work at once', () => {
    const pc = new GovernorHarness({ now: at(25, 7, 59), policy: { schedule: studio }, idleSeconds: 3600 });
    expect(pc.evaluate().action).toBe('run');
    expect(pc.advance(MINUTE)).toMatchObject({
      action: 'pause',
      reason: 'Waiting: outside schedule (next window 20:00)',
    });
  });
});
