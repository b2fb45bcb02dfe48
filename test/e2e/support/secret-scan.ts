// Looks for a secret in bytes: files (recursively, raw, SQLite and its WAL included), logs, network
// frames, heap snapshots. A secret is given as bytes (a seed, a secret key) or as text (a phrase, a
// passphrase) and turned into the exact byte sequences ("needles") it would leave if it leaked in
// any usual encoding: hex (both cases), base64 and base64url at each of the three byte alignments (a
// secret inside a longer base64 blob is found too), base58, the JSON array of its bytes ("[12,34,…]",
// with or without spaces; Node's {"type":"Buffer","data":[…]} contains it), the raw bytes, and each
// text form also as UTF-16LE (a UTF-16 SQLite file, a Windows log).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import bs58 from 'bs58';

export interface Needle {
  /** What it is, as a report names it: "seed hex", "secret key base64 (alignment 1)". */
  label: string;
  /** The secret it belongs to: "seed", "secret key", "phrase". */
  secret: string;
  bytes: Buffer;
}

export interface Hit {
  /** Where: a file path relative to the scanned folder, "stdout", "ws frame 3 (received)"… */
  where: string;
  needle: Needle;
  offset: number;
}

const text = (secret: string, label: string, value: string): Needle[] => [
  { secret, label, bytes: Buffer.from(value, 'utf8') },
  { secret, label: `${label} (UTF-16LE)`, bytes: Buffer.from(value, 'utf16le') },
];

/**
 * The base64 characters that encode `bytes` wherever they sit in a longer buffer: for each offset
 * modulo 3, the groups of four characters made only of the secret's bytes.
 */
export function base64Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const start = k === 0 ? 0 : 4; // the first group mixes the filler with the secret
    const end = Math.floor((k + bytes.length) / 3) * 4; // the last partial group depends on what follows
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

/** Every needle for a binary secret (a seed, a secret key). */
export function bytesNeedles(secret: string, bytes: Uint8Array): Needle[] {
  const raw = Buffer.from(bytes);
  const hex = raw.toString('hex');
  const list = [...raw];
  const needles: Needle[] = [
    { secret, label: `${secret} raw bytes`, bytes: raw },
    ...text(secret, `${secret} hex`, hex),
    ...text(secret, `${secret} HEX`, hex.toUpperCase()),
    ...text(secret, `${secret} base58`, bs58.encode(raw)),
    ...text(secret, `${secret} JSON array`, `[${list.join(',')}]`),
    ...text(secret, `${secret} JSON array (spaced)`, `[${list.join(', ')}]`),
  ];
  base64Cores(raw).forEach((core, k) => {
    needles.push(...text(secret, `${secret} base64 (alignment ${k})`, core));
    const url = core.replace(/\+/gu, '-').replace(/\//gu, '_');
    if (url !== core) needles.push(...text(secret, `${secret} base64url (alignment ${k})`, url));
  });
  return needles;
}

/** The needles of a text secret (a recovery phrase, a passphrase). */
export const textNeedles = (secret: string, value: string): Needle[] => text(secret, secret, value);

/** Each needle found in `haystack`, at its first offset. */
export function findNeedles(where: string, haystack: Buffer | string, needles: Needle[]): Hit[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  const hits: Hit[] = [];
  for (const needle of needles) {
    const offset = bytes.indexOf(needle.bytes);
    if (offset >= 0) hits.push({ where, needle, offset });
  }
  return hits;
}

/** Every regular file under `dir`, recursively (symbolic links are not followed). */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Reads every file under `dir` as raw bytes and reports each needle found, and the files read. */
export function scanTree(dir: string, needles: Needle[]): { hits: Hit[]; files: string[]; bytes: number } {
  const files = listFiles(dir);
  const hits: Hit[] = [];
  let bytes = 0;
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    hits.push(...findNeedles(relative(dir, file), content, needles));
  }
  return { hits, files: files.map((f) => relative(dir, f)), bytes };
}

/** One line per hit, for an assertion message: "keystore.json: seed hex at 120". */
export const describeHits = (hits: Hit[]) =>
  hits.map((h) => `${h.where}: ${h.needle.label} at byte ${h.offset}`).join('\n');

/** A file's permission bits, e.g. 0o600. */
export const modeOf = (path: string) => statSync(path).mode & 0o777;
