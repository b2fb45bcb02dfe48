// Where a running node says how to reach it: `io-provider status`, the benchmarks and the tests read
// <data>/node.json (mode 0600: it holds the UI token). One node per data folder: a second start while
// the first one's process is alive is refused.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/node/atomic-file.js';
import { processAlive } from '../../common/node/process-alive.js';

export interface NodeLockFile {
  pid: number;
  origin: string;
  token: string;
  startedAt: number;
}

export const lockPath = (dataDir: string) => join(dataDir, 'node.json');

export function readLockFile(dataDir: string): NodeLockFile | null {
  const path = lockPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as NodeLockFile;
  } catch {
    return null;
  }
}

/** Throws when another live process runs a node on this data folder. */
export function assertNoOtherNode(dataDir: string): void {
  const running = readLockFile(dataDir);
  if (running && running.pid !== process.pid && processAlive(running.pid))
    throw new Error(
      `a node is already running with the data folder ${dataDir} (pid ${running.pid}, dashboard ${running.origin})`,
    );
}

/** Writes the lock; returns the function that removes it. */
export function writeLockFile(dataDir: string, lock: NodeLockFile): () => void {
  writeFileAtomic(lockPath(dataDir), JSON.stringify(lock));
  return () => rmSync(lockPath(dataDir), { force: true });
}
