// Pausing for games and the owner's exclusive apps: the feature providers' users ask for most.
import { describe, expect, it } from 'vitest';
import { findBlockingProcess, normalizeProcessName } from '../../main/core/game-detection.js';
import { GovernorHarness, SECOND } from '../fakes/governor-harness.js';
import { makePolicy } from '../fakes/governor-harness.js';

const apps = (input: unknown = {}) => makePolicy({ apps: input }).apps;

describe('recognising games', () => {
  it.each([
    ['eldenring.exe', 'Windows'],
    ['C:\\Program Files (x86)\\Steam\\steamapps\\common\\ELDEN RING\\Game\\EldenRing.EXE', 'a Windows path'],
    [
      '/home/ana/.steam/steam/steamapps/common/Counter-Strike Global Offensive/game/bin/linuxsteamrt64/cs2',
      'Linux',
    ],
    ['FortniteClient-Win64-Shipping.exe', 'Epic'],
    ['VALORANT-Win64-Shipping.exe', 'Riot'],
    ['Overwatch.exe', 'Battle.net'],
    ['r5apex_dx12.exe', 'the EA app'],
    ['EasyAntiCheat_EOS.exe', 'an anti-cheat that runs only with a game'],
  ])('%s (%s)', (name) => {
    expect(findBlockingProcess([{ name: 'explorer.exe' }, { name }], apps())).toMatchObject({ kind: 'game' });
  });

  it('leaves ordinary programs alone', () => {
    const desktop = [
      'explorer.exe',
      'chrome.exe',
      'Discord.exe',
      'steam.exe',
      'steamwebhelper.exe',
      'code',
      'Xorg',
    ];
    expect(
      findBlockingProcess(
        desktop.map((name) => ({ name })),
        apps(),
      ),
    ).toBeNull();
  });

  it('normalizes names across operating systems', () => {
    expect(normalizeProcessName('C:\\Games\\Foo\\Foo.EXE')).toBe('foo');
    expect(normalizeProcessName('/opt/game/Game.x86_64')).toBe('game');
    expect(normalizeProcessName('  Blender.app ')).toBe('blender');
    expect(normalizeProcessName('.exe')).toBe('.exe');
  });

  it('a game a launcher started counts even when the list does not know it', () => {
    const found = findBlockingProcess(
      [{ name: 'BrandNewGame.exe', parentName: 'C:\\Steam\\steam.exe' }],
      apps(),
    );
    expect(found).toEqual({ kind: 'game', name: 'BrandNewGame.exe', launcher: 'Steam' });
  });

  it('a launcher’s own helpers are not games', () => {
    const helpers = [
      'steamwebhelper.exe',
      'EpicWebHelper.exe',
      'CrashReportClient.exe',
      'gldriverquery64.exe',
    ];
    const processes = helpers.map((name) => ({ name, parentName: 'steam.exe' }));
    expect(findBlockingProcess(processes, apps())).toBeNull();
  });

  it('on Linux, Steam’s per-game reaper stands for the game', () => {
    const found = findBlockingProcess([{ name: 'reaper', parentName: 'steam' }], apps());
    expect(found).toEqual({ kind: 'game', name: 'a Steam game', launcher: 'Steam' });
  });
});

describe('the owner’s lists', () => {
  it('an exclusive app pauses, named as the owner knows it', () => {
    const found = findBlockingProcess([{ name: '/usr/bin/blender' }], apps({ exclusiveApps: ['Blender'] }));
    expect(found).toEqual({ kind: 'exclusive-app', name: 'blender' });
  });

  it('an ignored name is not a game (a false positive the owner fixed)', () => {
    expect(findBlockingProcess([{ name: 'cod.exe' }], apps({ ignoredApps: ['COD.exe'] }))).toBeNull();
  });

  it('the exclusive list wins over the ignored list', () => {
    const both = apps({ exclusiveApps: ['cod'], ignoredApps: ['cod'] });
    expect(findBlockingProcess([{ name: 'cod.exe' }], both)).toMatchObject({ kind: 'exclusive-app' });
  });

  it('the built-in list can be turned off', () => {
    expect(findBlockingProcess([{ name: 'cs2.exe' }], apps({ useBuiltInGameList: false }))).toBeNull();
  });
});

describe('game start and stop', () => {
  it('Run now: pauses the moment a game starts and resumes when it exits', () => {
    const pc = new GovernorHarness({ policy: { mode: { kind: 'run-now' } } });
    expect(pc.evaluate().action).toBe('run');
    pc.processes = [{ name: 'eldenring.exe' }];
    expect(pc.evaluate()).toMatchObject({
      action: 'pause',
      duty: 0,
      code: 'game',
      reason: 'Paused: game running (eldenring.exe)',
      acceptsNewJobs: false,
    });
    expect(pc.last?.gpus[0]).toMatchObject({
      action: 'pause',
      reason: 'Paused: game running (eldenring.exe)',
    });
    pc.processes = [];
    expect(pc.advance(SECOND).action).toBe('run');
  });

  it('Auto: a game on a locked screen (a download left running) still pauses', () => {
    const pc = new GovernorHarness({ idleSeconds: 3600 });
    pc.locked = true;
    pc.processes = [{ name: 'BrandNewGame.exe', parentName: 'EpicGamesLauncher.exe' }];
    expect(pc.evaluate().reason).toBe('Paused: game running (BrandNewGame.exe, started by Epic Games)');
  });

  it('Auto: after the game the owner is not idle yet, so it keeps waiting', () => {
    const pc = new GovernorHarness();
    pc.processes = [{ name: 'cs2.exe' }];
    pc.advance(30 * SECOND);
    pc.processes = [];
    pc.input();
    expect(pc.advance(SECOND)).toMatchObject({ action: 'pause', code: 'waiting-idle' });
  });
});
