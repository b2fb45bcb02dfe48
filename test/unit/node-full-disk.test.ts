// A full disk while the node writes: the owner must get a clear error and keep the last good state
// (no half-moved lease, no torn settings.json), and everything must work again once space is freed.
// The data folder is a 2 MiB tmpfs filled with a filler file, which needs root to mount.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SubmitResultRequest } from '../../common/network-api.js';
import { nodeSettingsSchema } from '../../common/node-settings.js';
import { NodeStore } from '../../main/store/node-store.js';
import { SettingsFile } from '../../main/store/settings-file.js';

const isRoot = process.platform === 'linux' && process.getuid?.() === 0;
const T0 = 1_700_000_000_000;

let dir = '';
const filler = () => join(dir, 'filler');

/** Writes page-sized blocks until the file system says ENOSPC; returns how many bytes fit. */
function fillDisk(): number {
  const fd = openSync(filler(), 'w');
  const block = Buffer.alloc(4096, 0xaa);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

const freeBytes = () => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

// A submission with a few hundred KiB of output, as a freivalds job sends: it needs fresh WAL pages.
const bigResult = (leaseId: string) =>
  ({
    leaseId,
    receipt: { signature: 'sig' },
    outputs: [{ binding: 0, base64: Buffer.alloc(300_000, 7).toString('base64') }],
  }) as unknown as SubmitResultRequest;

// Settings bigger than one 4 KiB page: 60 exclusive apps with long names.
const bigSettings = (tag: string) =>
  nodeSettingsSchema.parse({
    deviceName: `Studio ${tag}`,
    governor: {
      apps: {
        exclusiveApps: Array.from({ length: 60 }, (_, i) => `${tag}-render-app-${i}-`.padEnd(90, 'x')),
      },
    },
  });

// Only root may mount the tmpfs; anywhere else the suite is skipped, saying so in its name.
const suiteName = isRoot
  ? 'a full disk (2 MiB tmpfs as the data folder)'
  : 'a full disk (SKIPPED: mounting a tmpfs needs root on Linux)';

describe.skipIf(!isRoot)(suiteName, () => {
  beforeAll(() => {
    if (!isRoot) return;
    dir = mkdtempSync(join(tmpdir(), 'node-full-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dir]);
  });
  afterAll(() => {
    if (!dir) return;
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
  });

  it('completeLease fails with SQLITE_FULL, leaving the lease in place and the outbox empty', () => {
    const store = new NodeStore(dir);
    try {
      store.addLease({ leaseId: 'L1', jobId: 'J1', leasedJson: '{}', expiresAt: T0 + 60_000 }, T0);
      expect(fillDisk()).toBeGreaterThan(0);

      let thrown: unknown;
      try {
        store.completeLease('L1', bigResult('L1'), 5, T0 + 1_000);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });

      // No partial state: still the step before.
      expect(store.leases().map((l) => l.leaseId)).toEqual(['L1']);
      expect(store.outboxSize()).toBe(0);
      expect(store.historyOf('L1')).toMatchObject({ finishedAt: null, outcome: null });

      rmSync(filler());
      store.completeLease('L1', bigResult('L1'), 5, T0 + 2_000);
      expect(store.leases()).toEqual([]);
      expect(store.outbox().map((o) => o.body.outputs[0]!.base64.length)).toEqual([400_000]);
    } finally {
      store.close();
    }
    // And the completed state is what a restart sees.
    const reopened = new NodeStore(dir);
    try {
      expect(reopened.leases()).toEqual([]);
      expect(reopened.outboxSize()).toBe(1);
    } finally {
      reopened.close();
    }
  });

  it('SettingsFile.save throws ENOSPC and the previous settings.json is intact and still loads', () => {
    const file = new SettingsFile(dir);
    const before = nodeSettingsSchema.parse({ deviceName: 'Before the disk filled' });
    file.save(before);
    const bytes = readFileSync(file.path);
    fillDisk();

    expect(() => file.save(bigSettings('after'))).toThrow(expect.objectContaining({ code: 'ENOSPC' }));

    expect(readFileSync(file.path)).toEqual(bytes);
    expect(file.load()).toEqual({ settings: before, problem: null });
    // No temp file left behind to eat what little space there is.
    expect(readdirSync(dir).sort()).toEqual(['filler', 'settings.json']);

    rmSync(filler());
    file.save(bigSettings('after'));
    expect(file.load()).toEqual({ settings: bigSettings('after'), problem: null });
  });

  // writeFileAtomic (common/node/atomic-file.ts) calls writeSync once and ignores its return value.
  // With one free page left, write(2) on a nearly full file system writes 4096 bytes and returns that
  // short count without an error, so the truncated temp file is fsynced and renamed over the good one.
  it('SettingsFile.save with only one page free still throws rather than writing a torn file', () => {
    const file = new SettingsFile(dir);
    const before = nodeSettingsSchema.parse({ deviceName: 'Before the disk filled' });
    file.save(before);
    const written = fillDisk();
    truncateSync(filler(), written - 4096); // one free page: less than the new settings need
    expect(freeBytes()).toBeGreaterThanOrEqual(4096);
    expect(JSON.stringify(bigSettings('after'), null, 2).length).toBeGreaterThan(4096);

    expect(() => file.save(bigSettings('after'))).toThrow(expect.objectContaining({ code: 'ENOSPC' }));

    expect(file.load()).toEqual({ settings: before, problem: null });
  });
});
