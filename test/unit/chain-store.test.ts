// The local chain's log and snapshots on their own: record framing, torn tails, group commit, and
// which records a restart replays after a snapshot.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FILES } from '../../coordinator/chain/chain-files.js';
import { ChainStore, decodeLog, encodeEntry, type LogEntry } from '../../coordinator/chain/chain-store.js';
import { tempDir } from '../chain/chain-helpers.js';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

const entry = (seq: number): LogEntry => ({
  seq,
  slot: seq * 3,
  timeMs: 1_700_000_000_000 + seq,
  wire: Uint8Array.from({ length: 40 + seq }, (_, i) => (i * seq) & 0xff),
});

function storeIn(dataDir: string, snapshotEvery: number, appended: { seq: number }) {
  return new ChainStore<{ note: string }>({
    dataDir,
    snapshotEvery,
    takeSnapshot: () => ({
      seq: appended.seq,
      header: { note: `at ${appended.seq}` },
      state: Uint8Array.of(appended.seq),
    }),
  });
}

describe('chain store', () => {
  it('frames records so a torn or corrupted tail is cut at the last intact one', () => {
    const bytes = Buffer.concat([1, 2, 3].map((seq) => encodeEntry(entry(seq))));
    const whole = decodeLog(bytes);
    expect(whole.entries).toEqual([entry(1), entry(2), entry(3)]);
    expect(whole.validLength).toBe(bytes.length);

    const torn = decodeLog(bytes.subarray(0, bytes.length - 5));
    expect(torn.entries.map((e) => e.seq)).toEqual([1, 2]);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1]! ^= 1;
    expect(decodeLog(flipped).entries.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('makes concurrent appends durable together, in order, and replays them after a restart', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const appended = { seq: 0 };
    const store = storeIn(dir.path, 1000, appended);
    await store.open();
    await Promise.all([1, 2, 3, 4, 5].map((seq) => store.append(entry(seq))));
    expect(decodeLog(readFileSync(join(dir.path, FILES.log))).entries.map((e) => e.seq)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    // A crash now (no close): the next open finds everything in the log and no snapshot.
    const reopened = await storeIn(dir.path, 1000, appended).open();
    expect(reopened.snapshot).toBeNull();
    expect(reopened.entries).toEqual([1, 2, 3, 4, 5].map(entry));
  });

  it('snapshots every N records, empties the log, and skips records the snapshot already holds', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const appended = { seq: 0 };
    const store = storeIn(dir.path, 3, appended);
    await store.open();
    for (const seq of [1, 2, 3, 4]) {
      appended.seq = seq;
      await store.append(entry(seq));
    }
    const afterSnapshot = await storeIn(dir.path, 3, appended).open();
    expect(afterSnapshot.snapshot).toMatchObject({ seq: 3, header: { note: 'at 3' } });
    expect(afterSnapshot.entries.map((e) => e.seq)).toEqual([4]);

    // The log may still hold records the snapshot covers (a crash between the two writes).
    writeFileSync(join(dir.path, FILES.log), Buffer.concat([2, 3, 4].map((seq) => encodeEntry(entry(seq)))));
    const overlapping = await storeIn(dir.path, 3, appended).open();
    expect(overlapping.entries.map((e) => e.seq)).toEqual([4]);

    await store.close();
    const closed = await storeIn(dir.path, 3, appended).open();
    expect(closed.snapshot?.seq).toBe(4);
    expect(closed.entries).toEqual([]);
  });
});
