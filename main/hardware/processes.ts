// The running processes, for game and exclusive-app detection (main/core/game-detection.ts).
//
// Linux reads /proc directly: spawning `ps` every two seconds costs more than the whole scan
// (~15 us per process), and /proc gives parent pids, which launcher detection needs (Steam's
// `reaper` wrapper). macOS uses `ps`; Windows `tasklist`, which has no parent pids, so games started
// by a launcher are found there only by their built-in names.
import { readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProcessInfo } from '../core/game-detection.js';
import { execCommand, type CommandRunner } from './command.js';

export interface ProcessRow {
  pid: number;
  /** 0 when unknown (Windows). */
  ppid: number;
  name: string;
}

export interface ProcessLister {
  readonly name: string;
  /** Rejects when the list cannot be read (the governor then keeps its last list). */
  list(): Promise<ProcessInfo[]>;
}

/** Linux cuts /proc/PID/comm at 15 bytes (TASK_COMM_LEN): "Cyberpunk2077.exe" reads "Cyberpunk2077.e". */
export const COMM_LENGTH = 15;

/** `/proc/PID/stat`: "PID (COMM) STATE PPID ...". The name may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcessRow | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const ppid = Number(
    text
      .slice(close + 1)
      .trim()
      .split(/\s+/)[1],
  );
  if (!Number.isInteger(pid) || !Number.isInteger(ppid)) return null;
  return { pid, ppid, name: text.slice(open + 1, close) };
}

/**
 * The full name of a process whose comm was cut at 15 bytes, from argv[0] in /proc/PID/cmdline
 * (Wine and Proton put the Windows path there). argv[0] is the process's own to rewrite, so it is
 * believed only when it extends the comm, and only up to the first space after the comm.
 */
export function fullName(comm: string, cmdline: string | undefined): string {
  if (comm.length < COMM_LENGTH || !cmdline) return comm;
  const base = (cmdline.split('\0')[0] ?? '').split(/[\\/]/).pop() ?? '';
  if (!base.startsWith(comm)) return comm;
  const space = base.slice(comm.length).search(/\s/);
  return space < 0 ? base : base.slice(0, comm.length + space);
}

/** `ps -axo pid=,ppid=,comm=` (macOS prints the executable's path, spaces included). */
export function parsePs(text: string): ProcessRow[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(.+?)\s*$/.exec(line);
    return match?.[3] ? [{ pid: Number(match[1]), ppid: Number(match[2]), name: match[3] }] : [];
  });
}

/** `tasklist /fo csv /nh`: "Image Name","PID","Session Name","Session#","Mem Usage" per line. */
export function parseTasklistCsv(text: string): ProcessRow[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const cells = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) =>
      (match[1] ?? '').replace(/""/g, '"'),
    );
    const [name, pid] = cells;
    return name && pid && /^\d+$/.test(pid) ? [{ pid: Number(pid), ppid: 0, name }] : [];
  });
}

/** The governor's shape: each process with its parent's name where the parent is known. */
export function withParentNames(rows: readonly ProcessRow[]): ProcessInfo[] {
  const names = new Map(rows.map((row) => [row.pid, row.name]));
  return rows.map((row) => {
    const parentName = row.ppid > 0 && row.ppid !== row.pid ? names.get(row.ppid) : undefined;
    return parentName === undefined ? { name: row.name } : { name: row.name, parentName };
  });
}

/** Linux's kernel threads are all children of kthreadd (pid 2): not programs anyone runs. */
const KTHREADD_PID = 2;
/** Files read between two turns of the event loop, so a scan never delays the yield path by more than ~1 ms. */
const BATCH = 64;

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process ended during the scan
  }
};

/**
 * Reads /proc with synchronous reads in small batches: async reads cost ~5x more here (each file is
 * an open, a read and a close through the thread pool), and batching keeps the event loop free.
 */
export async function readProcRows(root = '/proc'): Promise<ProcessRow[]> {
  const pids = (await readdir(root)).filter((entry) => /^\d+$/.test(entry));
  const rows: ProcessRow[] = [];
  for (let start = 0; start < pids.length; start += BATCH) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const pid of pids.slice(start, start + BATCH)) {
      const stat = readText(path.join(root, pid, 'stat'));
      const row = stat === undefined ? null : parseProcStat(stat);
      if (!row || row.pid === KTHREADD_PID || row.ppid === KTHREADD_PID) continue;
      if (row.name.length >= COMM_LENGTH)
        row.name = fullName(row.name, readText(path.join(root, pid, 'cmdline')));
      rows.push(row);
    }
  }
  return rows;
}

export interface ProcessListerOptions {
  platform?: NodeJS.Platform;
  run?: CommandRunner;
  /** Linux: where procfs is; tests point it at a fixture tree. */
  procRoot?: string;
  timeoutMs?: number;
}

export function createProcessLister(options: ProcessListerOptions = {}): ProcessLister {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? execCommand;
  const timeout = { timeoutMs: options.timeoutMs ?? 3000 };
  if (platform === 'win32') {
    return {
      name: 'tasklist',
      list: async () =>
        withParentNames(parseTasklistCsv(await run('tasklist', ['/fo', 'csv', '/nh'], timeout))),
    };
  }
  if (platform === 'linux') {
    return { name: '/proc', list: async () => withParentNames(await readProcRows(options.procRoot)) };
  }
  return {
    name: 'ps',
    list: async () => withParentNames(parsePs(await run('ps', ['-axo', 'pid=,ppid=,comm='], timeout))),
  };
}
