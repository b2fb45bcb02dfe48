// Idle sources: logind's session hints (fixtures), the powerMonitor adapter, none, and the choice.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseIdleSource } from '../../main/hardware/idle/choose-idle-source.js';
import { createNoIdleSource, toIdleSignal } from '../../main/hardware/idle/idle-source.js';
import {
  createLogindIdleSource,
  LOGIND_PROPERTIES,
  parseSessionList,
  parseShowSession,
  summarizeSessions,
} from '../../main/hardware/idle/logind.js';
import { createPowerMonitorIdleSource } from '../../main/hardware/idle/power-monitor.js';
import type { CommandRunner } from '../../main/hardware/command.js';
import { GovernorHarness } from '../fakes/governor-harness.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/idle');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
/** 2025-11-22 02:05:00 UTC: five minutes after the fixtures' IdleSinceHint. */
const NOW = Date.UTC(2025, 10, 22, 2, 5, 0);

/** A fake loginctl answering from fixtures, recording what it was asked. */
function loginctl(show: string, calls: string[][] = []): CommandRunner {
  return (file, args) => {
    calls.push([file, ...args]);
    if (args[0] === 'list-sessions') return Promise.resolve(fixture('loginctl-list-sessions.txt'));
    return Promise.resolve(fixture(show));
  };
}

describe('logind parsing', () => {
  it('lists session ids', () => {
    expect(parseSessionList(fixture('loginctl-list-sessions.txt'))).toEqual(['2', '7', 'c1']);
    expect(parseSessionList('')).toEqual([]);
  });

  it('reads each session block', () => {
    const sessions = parseShowSession(fixture('loginctl-show-idle.txt'));
    expect(sessions.map((s) => [s.id, s.class, s.remote, s.idleHint, s.idleSince, s.lockedHint])).toEqual([
      ['2', 'user', false, true, Date.UTC(2025, 10, 22, 2, 0, 0), false],
      ['7', 'user', true, false, null, false],
      ['c1', 'greeter', false, false, null, false],
    ]);
  });

  it('the local desktop session decides: idle five minutes, an active ssh session does not count', () => {
    expect(summarizeSessions(parseShowSession(fixture('loginctl-show-idle.txt')), NOW)).toEqual({
      idleSeconds: 300,
      locked: false,
    });
  });

  it('an active desktop session is not idle, whatever the ssh session does', () => {
    expect(summarizeSessions(parseShowSession(fixture('loginctl-show-active.txt')), NOW)).toEqual({
      idleSeconds: 0,
      locked: false,
    });
  });

  it('a locked desktop session is locked', () => {
    expect(summarizeSessions(parseShowSession(fixture('loginctl-show-locked.txt')), NOW).locked).toBe(true);
  });

  it('no one logged in at this PC counts as away (a login screen locks as well)', () => {
    expect(summarizeSessions(parseShowSession(fixture('loginctl-show-ssh-only.txt')), NOW)).toEqual({
      idleSeconds: 0,
      locked: true,
    });
  });
});

describe('the logind source', () => {
  it('asks loginctl for the sessions, then their hints', async () => {
    const calls: string[][] = [];
    const source = createLogindIdleSource({
      run: loginctl('loginctl-show-idle.txt', calls),
      clock: { now: () => NOW },
    });
    await expect(source.read()).resolves.toEqual({ idleSeconds: 300, locked: false });
    expect(calls).toEqual([
      ['loginctl', 'list-sessions', '--no-legend'],
      ['loginctl', 'show-session', '2', '7', 'c1', ...LOGIND_PROPERTIES.flatMap((p) => ['-p', p])],
    ]);
  });

  it('a loginctl that fails reads as unknown, which never starts work', async () => {
    const source = createLogindIdleSource({
      run: () => Promise.reject(new Error('Failed to connect to bus')),
    });
    const reading = await source.read();
    expect(reading).toBeNull();
    expect(toIdleSignal(source, reading)).toBe('unknown');
  });

  it('feeds the governor: a locked session lets Auto run at once', async () => {
    const source = createLogindIdleSource({
      run: loginctl('loginctl-show-locked.txt'),
      clock: { now: () => NOW },
    });
    const reading = await source.read();
    const pc = new GovernorHarness({ now: NOW });
    pc.locked = reading?.locked ?? false;
    expect(pc.evaluate()).toMatchObject({ action: 'run', reason: 'Running: screen locked' });
  });
});

describe('the powerMonitor adapter', () => {
  it('reads idle seconds and the lock state', async () => {
    const source = createPowerMonitorIdleSource({
      getSystemIdleTime: () => 42,
      getSystemIdleState: () => 'locked',
    });
    await expect(source.read()).resolves.toEqual({ idleSeconds: 42, locked: true });
  });

  it('an unknown state or a throwing call reads as unknown', async () => {
    const unknown = createPowerMonitorIdleSource({
      getSystemIdleTime: () => 0,
      getSystemIdleState: () => 'unknown',
    });
    await expect(unknown.read()).resolves.toBeNull();
    const broken = createPowerMonitorIdleSource({
      getSystemIdleTime: () => {
        throw new Error('not ready');
      },
      getSystemIdleState: () => 'active',
    });
    await expect(broken.read()).resolves.toBeNull();
  });
});

describe('choosing a source', () => {
  it('the desktop app uses powerMonitor', async () => {
    const powerMonitor = { getSystemIdleTime: () => 0, getSystemIdleState: () => 'active' };
    expect((await chooseIdleSource({ platform: 'linux', powerMonitor })).name).toBe('electron');
  });

  it('headless Linux uses logind when it answers, and none when it does not', async () => {
    expect(
      (await chooseIdleSource({ platform: 'linux', run: loginctl('loginctl-show-idle.txt') })).name,
    ).toBe('logind');
    const none = await chooseIdleSource({
      platform: 'linux',
      run: () => Promise.reject(new Error('no bus')),
    });
    expect(none.name).toBe('none');
    expect(none.describe()).toMatch(/systemd-logind is not available.*schedule only/);
  });

  it('headless elsewhere has none, and the governor then follows the schedule', async () => {
    const source = await chooseIdleSource({ platform: 'win32' });
    expect(toIdleSignal(source, await source.read())).toBe('none');
    expect(createNoIdleSource().describe()).toMatch(/schedule only/);
  });
});
