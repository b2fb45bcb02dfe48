// The process list: /proc (fixture and this machine), ps and tasklist on fixtures, parent names, and
// the cost of a Linux scan.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../main/hardware/command.js';
import { findBlockingProcess } from '../../main/core/game-detection.js';
import {
  createProcessLister,
  fullName,
  parseProcStat,
  parsePs,
  parseTasklistCsv,
  readProcRows,
  withParentNames,
} from '../../main/hardware/processes.js';
import { makePolicy } from '../fakes/governor-harness.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/processes');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const apps = makePolicy().apps;

describe('Linux /proc', () => {
  it('parses stat lines, names with spaces and parentheses included', () => {
    expect(parseProcStat(fixture('proc/4410/stat'))).toEqual({ pid: 4410, ppid: 3021, name: 'reaper' });
    expect(parseProcStat(fixture('proc/7007/stat'))).toEqual({
      pid: 7007,
      ppid: 1840,
      name: 'odd) name (x)',
    });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('completes a cut comm from argv[0] only when argv[0] extends it', () => {
    expect(fullName('Cyberpunk2077.e', fixture('proc/4533/cmdline'))).toBe('Cyberpunk2077.exe');
    expect(fullName('Isolated Web Co', fixture('proc/5120/cmdline'))).toBe('Isolated Web Co');
    expect(fullName('chrome_crashpad', fixture('proc/6001/cmdline'))).toBe('chrome_crashpad_handler');
    expect(fullName('LongProcessName', 'LongProcessNameX --with args')).toBe('LongProcessNameX');
    expect(fullName('short', '/usr/bin/something-else')).toBe('short');
  });

  it('reads a /proc tree: no kernel threads, full names, parents named', async () => {
    const rows = await readProcRows(path.join(FIXTURES, 'proc'));
    const list = withParentNames(rows);
    expect(list.map((p) => p.name).sort()).toEqual(
      [
        'Cyberpunk2077.exe',
        'Isolated Web Co',
        'chrome_crashpad_handler',
        'firefox',
        'gnome-shell',
        'odd) name (x)',
        'reaper',
        'steam',
        'systemd',
      ].sort(),
    );
    expect(list).toContainEqual({ name: 'Cyberpunk2077.exe', parentName: 'reaper' });
    expect(list).toContainEqual({ name: 'reaper', parentName: 'steam' });
    expect(list).toContainEqual({ name: 'systemd' }); // its parent (0) is no process
  });

  it('the governor recognises the Proton game from the list', async () => {
    const lister = createProcessLister({ platform: 'linux', procRoot: path.join(FIXTURES, 'proc') });
    const list = await lister.list();
    expect(findBlockingProcess(list, apps)?.kind).toBe('game');
    // By its full name too, not only through Steam's wrapper (which comes first in pid order).
    const game = list.filter((p) => p.name === 'Cyberpunk2077.exe');
    expect(findBlockingProcess(game, apps)).toEqual({ kind: 'game', name: 'Cyberpunk2077.exe' });
  });

  it("finds this test's own node process and its parent on this machine, cheaply", async () => {
    const rows = await readProcRows();
    const own = rows.find((row) => row.pid === process.pid);
    expect(own?.name).toBe(readFileSync('/proc/self/comm', 'utf8').trim());
    expect(own?.name).toMatch(/node/);
    expect(own?.ppid).toBe(process.ppid);
    const parent = rows.find((row) => row.pid === process.ppid);
    expect(parent).toBeDefined();
    const list = await createProcessLister({ platform: 'linux' }).list();
    expect(list).toContainEqual({ name: own?.name, parentName: parent?.name });

    // Budget: under 40 ms for 400 processes (the scan's time scaled to 400 pids; best of 10). Typically
    // 2-5 ms; the margin is for a loaded 2-core CI machine (22.6 ms seen beside the other test files).
    const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).length;
    let best = Infinity;
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await readProcRows();
      best = Math.min(best, ((performance.now() - started) / pids) * 400);
    }
    expect(best).toBeLessThan(40);
  });
});

describe('macOS ps', () => {
  it('reads paths with spaces and names parents', async () => {
    const run: CommandRunner = (file, args) => {
      expect([file, ...args]).toEqual(['ps', '-axo', 'pid=,ppid=,comm=']);
      return Promise.resolve(fixture('ps-macos.txt'));
    };
    const list = await createProcessLister({ platform: 'darwin', run }).list();
    expect(list).toHaveLength(9);
    expect(parsePs(fixture('ps-macos.txt'))[0]).toEqual({ pid: 1, ppid: 0, name: '/sbin/launchd' });
    const game = list.find((p) => p.name.endsWith("Baldur's Gate 3"));
    // The parent is what lets the governor recognise a game it does not know by name.
    expect(game?.parentName).toBe('/Applications/Steam.app/Contents/MacOS/steam_osx');
  });
});

describe('Windows tasklist', () => {
  it('reads the CSV (quotes, thousands separators, CRLF) without parents', async () => {
    const rows = parseTasklistCsv(fixture('tasklist-windows.csv'));
    expect(rows).toHaveLength(9);
    expect(rows[6]).toEqual({ pid: 11872, ppid: 0, name: 'eldenring.exe' });
    expect(rows[8]?.name).toBe('Some "quoted" app.exe');
    const run: CommandRunner = () => Promise.resolve(fixture('tasklist-windows.csv'));
    const list = await createProcessLister({ platform: 'win32', run }).list();
    expect(list.every((p) => p.parentName === undefined)).toBe(true);
    expect(findBlockingProcess(list, apps)).toEqual({ kind: 'game', name: 'eldenring.exe' });
  });

  it('a failing tool rejects (the governor keeps its last list)', async () => {
    const run: CommandRunner = () => Promise.reject(new Error('tasklist did not answer within 3000 ms'));
    await expect(createProcessLister({ platform: 'win32', run }).list()).rejects.toThrow(/did not answer/);
  });
});
