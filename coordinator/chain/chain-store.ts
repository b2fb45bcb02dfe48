// Durability for the local chain: an append-only log of every committed transaction, fsynced before the
// sender hears "confirmed", plus a periodic snapshot of the whole LiteSVM bank so a restart replays only
// the log's tail. Concurrent appends share one write + fdatasync (group commit).
//
// Log record: u32 length | u32 crc32 | u64 seq | u64 slot | u64 timeMs | transaction wire bytes.
// A kill -9 can leave a torn last record; its crc fails and the log is cut there on the next start.
// Snapshot: "IOCHAIN1" | u32 header length | header JSON | LiteSVM state bytes; written atomically.
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../../common/node/atomic-file.js';
import { FILES } from './chain-files.js';

export interface LogEntry {
  seq: number;
  slot: number;
  timeMs: number;
  wire: Uint8Array;
}

export interface Snapshot<H> {
  seq: number;
  header: H;
  state: Uint8Array;
}

export interface StoredChain<H> {
  snapshot: Snapshot<H> | null;
  /** Log records newer than the snapshot, oldest first. */
  entries: LogEntry[];
}

const MAGIC = Buffer.from('IOCHAIN1', 'ascii');
const RECORD_HEAD = 8;
const RECORD_FIXED = 24;

export function encodeEntry(entry: LogEntry): Buffer {
  const body = Buffer.alloc(RECORD_FIXED + entry.wire.length);
  body.writeBigUInt64LE(BigInt(entry.seq), 0);
  body.writeBigUInt64LE(BigInt(entry.slot), 8);
  body.writeBigUInt64LE(BigInt(entry.timeMs), 16);
  body.set(entry.wire, RECORD_FIXED);
  const head = Buffer.alloc(RECORD_HEAD);
  head.writeUInt32LE(body.length, 0);
  head.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([head, body]);
}

/** The intact records of a log and the byte length they span (anything after it is a torn tail). */
export function decodeLog(bytes: Buffer): { entries: LogEntry[]; validLength: number } {
  const entries: LogEntry[] = [];
  let offset = 0;
  while (offset + RECORD_HEAD <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    const end = offset + RECORD_HEAD + length;
    if (length < RECORD_FIXED || end > bytes.length) break;
    const body = bytes.subarray(offset + RECORD_HEAD, end);
    if (crc32(body) !== bytes.readUInt32LE(offset + 4)) break;
    entries.push({
      seq: Number(body.readBigUInt64LE(0)),
      slot: Number(body.readBigUInt64LE(8)),
      timeMs: Number(body.readBigUInt64LE(16)),
      wire: new Uint8Array(body.subarray(RECORD_FIXED)),
    });
    offset = end;
  }
  return { entries, validLength: offset };
}

function readSnapshot<H>(path: string): Snapshot<H> | null {
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error(`${path} is not a local chain snapshot`);
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  const parsed = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString('utf8')) as {
    seq: number;
    header: H;
  };
  return { seq: parsed.seq, header: parsed.header, state: bytes.subarray(headerStart + headerLength) };
}

export interface ChainStoreOptions<H> {
  dataDir: string;
  /** Snapshot after this many log records, so a restart replays at most about this many. */
  snapshotEvery: number;
  /** Called synchronously when a snapshot is due: the bank as of its latest executed seq. */
  takeSnapshot: () => Snapshot<H>;
}

export class ChainStore<H> {
  private file: FileHandle | null = null;
  private pending: { bytes: Buffer; done: () => void; fail: (error: Error) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private sinceSnapshot = 0;
  private failed: Error | null = null;

  constructor(private readonly options: ChainStoreOptions<H>) {}

  /** The write error that stopped the log, if one did; no append succeeds after it. */
  get failure(): Error | null {
    return this.failed;
  }

  /** Reads what is on disk and cuts a torn log tail; call once before the first append. */
  async open(): Promise<StoredChain<H>> {
    const snapshot = readSnapshot<H>(join(this.options.dataDir, FILES.snapshot));
    const logPath = join(this.options.dataDir, FILES.log);
    let entries: LogEntry[] = [];
    if (existsSync(logPath)) {
      const bytes = readFileSync(logPath);
      const decoded = decodeLog(bytes);
      if (decoded.validLength < bytes.length) truncateSync(logPath, decoded.validLength);
      entries = decoded.entries.filter((entry) => entry.seq > (snapshot?.seq ?? 0));
    }
    this.sinceSnapshot = entries.length;
    this.file = await open(logPath, 'a', 0o600);
    return { snapshot, entries };
  }

  /** Resolves once the entry is on disk; entries become durable in the order they were appended. */
  append(entry: LogEntry): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.file) return Promise.reject(new Error('chain store is not open'));
    return new Promise((done, fail) => {
      this.pending.push({ bytes: encodeEntry(entry), done, fail });
      this.flushing ??= this.flushLoop();
    });
  }

  // Clears `flushing` in the same synchronous step as its last look at `pending`: clearing it in a
  // `.finally()` would happen a microtask later, after a waiter's continuation may have appended to a
  // loop that had already ended.
  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0 && this.file) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.file.write(Buffer.concat(batch.map((item) => item.bytes)));
          await this.file.datasync();
          this.sinceSnapshot += batch.length;
          if (this.sinceSnapshot >= this.options.snapshotEvery) await this.snapshot();
        } catch (error) {
          // The bank already holds transactions the disk does not: refuse all further writes.
          this.failed = error instanceof Error ? error : new Error(String(error));
          for (const item of [...batch, ...this.pending]) item.fail(this.failed);
          this.pending = [];
          return;
        }
        for (const item of batch) item.done();
      }
    } finally {
      this.flushing = null;
    }
  }

  // Entries appended while the snapshot is written carry seqs it may already include; replay skips
  // those by seq, so the log can be emptied right after the snapshot is durable.
  private async snapshot(): Promise<void> {
    const snap = this.options.takeSnapshot();
    const header = Buffer.from(JSON.stringify({ seq: snap.seq, header: snap.header }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length, 0);
    writeFileAtomic(
      join(this.options.dataDir, FILES.snapshot),
      Buffer.concat([MAGIC, length, header, snap.state]),
      0o600,
    );
    await this.file?.truncate(0);
    await this.file?.datasync();
    this.sinceSnapshot = 0;
  }

  /**
   * Waits for pending appends and closes the log; by default first writes a final snapshot, so the
   * next start replays nothing (a caller giving up half-way through starting skips it).
   */
  async close(options: { snapshot: boolean } = { snapshot: true }): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.file && !this.failed && options.snapshot) await this.snapshot();
    await this.file?.close();
    this.file = null;
  }
}
