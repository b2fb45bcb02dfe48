// The update check before install, against a feed served on loopback the way electron-updater sees
// one (latest.yml naming a file and its sha512, the file, and our <file>.sig.json): a correctly
// signed release passes; a tampered download, a file the feed vouches for by sha512 but that lacks
// a valid signature, another key's signature and another version's are all refused. Plus when an
// install may happen and electron-updater's settings.
import { generateKeyPairSync, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchReleaseSignature,
  publicKeyOfPem,
  releasePublicKey,
  signRelease,
  verifyRelease,
} from '../../main/electron/update/release-signature.js';
import { installBlocker, updaterSettings } from '../../main/electron/update/update-policy.js';
import { nodeState } from '../fixtures/node-state.js';

const pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const appKey = pem();
const publicKey = releasePublicKey(publicKeyOfPem(appKey));
const feedDir = mkdtempSync(join(tmpdir(), 'io-provider-feed-'));
const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

let server: Server;
let feedUrl: string;

/** Puts a release on the feed: the file, latest.yml naming its sha512, and a signature if given. */
async function publish(
  name: string,
  body: Buffer,
  version: string,
  sign: ((path: string) => Promise<unknown>) | null,
) {
  const path = join(feedDir, name);
  writeFileSync(path, body);
  writeFileSync(
    join(feedDir, 'latest.yml'),
    `version: ${version}\nfiles:\n  - url: ${name}\n    sha512: ${sha512(body)}\n    size: ${body.length}\npath: ${name}\nsha512: ${sha512(body)}\nstagingPercentage: 50\n`,
  );
  if (sign) writeFileSync(`${path}.sig.json`, JSON.stringify(await sign(path)));
}

/** What electron-updater does before our check: read latest.yml, download the file it names. */
async function download() {
  const yml = await (await fetch(new URL('latest.yml', feedUrl))).text();
  const version = /^version: (.+)$/m.exec(yml)![1]!;
  const file = /^path: (.+)$/m.exec(yml)![1]!;
  const feedSha512 = /^sha512: (.+)$/m.exec(yml)![1]!;
  const body = Buffer.from(await (await fetch(new URL(file, feedUrl))).arrayBuffer());
  const downloaded = join(mkdtempSync(join(tmpdir(), 'io-provider-dl-')), file);
  writeFileSync(downloaded, body);
  return { version, file, feedSha512, downloaded };
}

async function check(o?: { tamper?: Buffer }) {
  const d = await download();
  if (o?.tamper) writeFileSync(d.downloaded, o.tamper); // a man in the middle or a bad mirror
  return verifyRelease({
    path: d.downloaded,
    version: d.version,
    feedSha512: d.feedSha512,
    signature: await fetchReleaseSignature(feedUrl, d.file),
    publicKey,
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    try {
      const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
      if (name.includes('/')) throw new Error('no');
      res.end(readFileSync(join(feedDir, name)));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('release signature check against a local feed', () => {
  const release = Buffer.from('io-provider 1.2.3 AppImage bytes');

  it('accepts a release signed with the app’s key', async () => {
    await publish('io-provider-1.2.3.AppImage', release, '1.2.3', (p) => signRelease(p, '1.2.3', appKey));
    expect(await check()).toEqual({ ok: true });
  });

  it('refuses a tampered download', async () => {
    await publish('io-provider-1.2.3.AppImage', release, '1.2.3', (p) => signRelease(p, '1.2.3', appKey));
    expect(await check({ tamper: Buffer.from('io-provider 1.2.3 AppImage bytez') })).toEqual({
      ok: false,
      reason: 'the downloaded file is not the one that was signed',
    });
  });

  it('refuses a file whose sha512 the feed names but that has no signature', async () => {
    await publish('io-provider-6.6.6.AppImage', Buffer.from('evil'), '6.6.6', null);
    expect(await check()).toEqual({
      ok: false,
      reason: 'the release signature file is missing or malformed',
    });
  });

  it('refuses a matching sha512 with a signature by another key', async () => {
    await publish('io-provider-6.6.6.AppImage', Buffer.from('evil'), '6.6.6', (p) =>
      signRelease(p, '6.6.6', pem()),
    );
    expect(await check()).toMatchObject({ ok: false, reason: /does not verify with this app’s key/ });
  });

  it('refuses a signature whose hashes were edited to match a different file', async () => {
    const evil = Buffer.from('evil');
    await publish('io-provider-6.6.6.AppImage', evil, '6.6.6', async (p) => {
      writeFileSync(p, release);
      const sig = await signRelease(p, '6.6.6', appKey); // a genuine signature of another file
      writeFileSync(p, evil);
      return { ...sig, sha512: sha512(evil), sha256: createHash('sha256').update(evil).digest('hex') };
    });
    expect(await check()).toMatchObject({ ok: false, reason: /does not verify/ });
  });

  it('refuses an old signed release offered under a new version (no replay)', async () => {
    await publish('io-provider-1.2.4.AppImage', release, '1.2.4', (p) => signRelease(p, '1.2.3', appKey));
    expect(await check()).toEqual({ ok: false, reason: 'the signature is for version 1.2.3, not 1.2.4' });
  });
});

describe('installBlocker', () => {
  const none = new Map();
  it('installs only a verified update with nothing in the way', () => {
    expect(installBlocker({ verified: true, state: nodeState(), signing: none })).toBeNull();
    expect(installBlocker({ verified: false, state: nodeState(), signing: none })).toMatch(/not verified/);
    expect(installBlocker({ verified: true, state: null, signing: none })).toMatch(/not reported/);
    expect(
      installBlocker({
        verified: true,
        state: nodeState({ job: { jobId: 'j', startedAt: 1, progress: 0.1 } }),
        signing: none,
      }),
    ).toBe('a job is running');
    expect(installBlocker({ verified: true, state: nodeState({ phase: 'proving' }), signing: none })).toMatch(
      /proving/,
    );
    for (const s of ['pending', 'signing', 'sent'] as const)
      expect(installBlocker({ verified: true, state: nodeState(), signing: new Map([['r', s]]) })).toMatch(
        /being signed/,
      );
    expect(
      installBlocker({ verified: true, state: nodeState(), signing: new Map([['r', 'confirmed']]) }),
    ).toBeNull();
  });
});

describe('updaterSettings', () => {
  it('generic feed, channels, no downgrade, nothing installed on quit by itself', () => {
    expect(updaterSettings('https://updates.example.org/io/', 'stable')).toMatchObject({
      feed: { provider: 'generic', url: 'https://updates.example.org/io/', channel: 'latest' },
      allowPrerelease: false,
      allowDowngrade: false,
      autoInstallOnAppQuit: false,
    });
    expect(updaterSettings('https://updates.example.org/io/', 'beta')).toMatchObject({
      channel: 'beta',
      allowPrerelease: true,
    });
    expect(() => updaterSettings('http://updates.example.org/', 'stable')).toThrow(/must be https/);
  });
});
