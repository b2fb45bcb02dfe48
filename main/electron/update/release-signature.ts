// The app's own check on an update before it may be installed. electron-updater only compares the
// downloaded file with the sha512 its feed names, so whoever controls the feed (or its host) could
// ship anything. Each release file is therefore signed by the release key (Ed25519) over its
// version and hashes; the app carries the public key and installs nothing whose signature fails.
// The signature travels beside the file on the feed as <file>.sig.json.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { canonicalJson } from '../../../common/canonical-json.js';

export const releaseSignatureSchema = z
  .object({
    version: z.string().min(1).max(64),
    /** base64, as electron-builder writes it into latest.yml */
    sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Ed25519 over releaseMessage(), base64 */
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  })
  .strict();
export type ReleaseSignature = z.infer<typeof releaseSignatureSchema>;

export interface FileHashes {
  sha512: string;
  sha256: string;
}

/** The signed bytes: a fixed prefix (no other signature of this key can be replayed as one) + JSON. */
export const releaseMessage = (version: string, hashes: FileHashes) =>
  Buffer.from(
    `io-provider-release:v1:${canonicalJson({ version, sha512: hashes.sha512, sha256: hashes.sha256 })}`,
  );

export async function hashFile(path: string): Promise<FileHashes> {
  const sha512 = createHash('sha512');
  const sha256 = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    sha512.update(chunk);
    sha256.update(chunk);
  }
  return { sha512: sha512.digest('base64'), sha256: sha256.digest('hex') };
}

// The raw 32-byte key sits at the end of Node's SPKI DER encoding of an Ed25519 public key.
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** A raw Ed25519 public key given as base64 (what the app ships) as a KeyObject. */
export function releasePublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32)
    throw new Error(`the release public key must be 32 bytes of base64, got ${raw.length}`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

/** Raw public key (base64) of a PKCS#8 PEM private key: what to put in the app's update config. */
export function publicKeyOfPem(pem: string): string {
  const der = createPublicKey(createPrivateKey(pem)).export({ format: 'der', type: 'spki' });
  return der.subarray(SPKI_ED25519.length).toString('base64');
}

export async function signRelease(
  path: string,
  version: string,
  privateKeyPem: string,
): Promise<ReleaseSignature> {
  const hashes = await hashFile(path);
  const signature = sign(null, releaseMessage(version, hashes), createPrivateKey(privateKeyPem)).toString(
    'base64',
  );
  return { version, ...hashes, signature };
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface VerifyInput {
  /** The downloaded file. */
  path: string;
  /** The version electron-updater is about to install, and the sha512 its feed named. */
  version: string;
  feedSha512: string;
  /** The <file>.sig.json as fetched (any JSON; validated here). */
  signature: unknown;
  publicKey: KeyObject;
}

export async function verifyRelease(o: VerifyInput): Promise<Verdict> {
  const parsed = releaseSignatureSchema.safeParse(o.signature);
  if (!parsed.success) return { ok: false, reason: 'the release signature file is missing or malformed' };
  const sig = parsed.data;
  if (sig.version !== o.version)
    return { ok: false, reason: `the signature is for version ${sig.version}, not ${o.version}` };
  const hashes = await hashFile(o.path);
  if (hashes.sha512 !== sig.sha512 || hashes.sha256 !== sig.sha256)
    return { ok: false, reason: 'the downloaded file is not the one that was signed' };
  if (hashes.sha512 !== o.feedSha512)
    return { ok: false, reason: 'the downloaded file is not the one the feed named' };
  const good = verify(
    null,
    releaseMessage(sig.version, hashes),
    o.publicKey,
    Buffer.from(sig.signature, 'base64'),
  );
  return good
    ? { ok: true }
    : { ok: false, reason: 'the release signature does not verify with this app’s key' };
}

/** <feed>/<file>.sig.json, fetched with a size cap; null when it is not there. */
export async function fetchReleaseSignature(feedUrl: string, fileName: string): Promise<unknown> {
  const base = feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`;
  const url = new URL(`${encodeURIComponent(fileName)}.sig.json`, base);
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) });
  if (!response.ok) return null;
  const text = await response.text();
  if (text.length > 4096) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
