// Issue 12: the in-app wallet's secret never appears in any file, log, network message or renderer
// memory. A real `io-provider run` (embedded sandbox network, the real keystore at its real scrypt
// cost) and a real Chromium: the owner creates a wallet on the Wallet screen, reads the recovery
// phrase once, locks, unlocks with the passphrase, funds from the sandbox faucet, stakes through the
// signing dialog and locks again. The test derives the secret from the phrase it read (the app's own
// BIP39 -> SLIP-0010 m/44'/501'/0'/0' functions, checked against the address the node reports) and
// searches, in every encoding of support/secret-scan.ts, for the 32-byte seed, the 64-byte secret key,
// the BIP39 seed and the phrase's entropy:
//   - every file under the node's data folder, raw bytes (SQLite and its WAL too), while it runs and
//     after it stopped; the keystore is 0600 in a 0700 folder;
//   - the node's whole stdout and stderr;
//   - every WebSocket frame both ways, every HTTP request body the page sent and every response body
//     it received: the phrase is in exactly one response (createWallet's answer), nowhere else;
//   - two V8 heap snapshots of the page (after the phrase screen closed, and at the end), each
//     after a forced GC.
// The first test plants each form in a folder and shows the scanner finds it (a scan that cannot
// fail proves nothing).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { mnemonicToEntropy, mnemonicToSeedSync } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import Database from 'better-sqlite3';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { StakingView, WalletState } from '../../common/wallet-api.js';
import { seedFromMnemonic } from '../../main/wallet/keys/derive.js';
import { addressOf, publicKeyOf } from '../../main/wallet/keys/ed25519-seed.js';
import {
  bytesNeedles,
  describeHits,
  findNeedles,
  modeOf,
  scanTree,
  textNeedles,
  type Hit,
  type Needle,
} from './support/secret-scan.js';
import {
  callNode,
  freshDataDir,
  startNode,
  stopNode,
  withNodeLogs,
  type NodeProcess,
} from './support/node-process.js';

const PASSPHRASE = 'heron quartz lantern fjord';
const CONFIRMED_WITHIN_MS = 60_000;

test.describe.configure({ mode: 'serial', timeout: 360_000 });

/** Every needle of the wallet's secrets, derived from its phrase as the app derives them. */
function secretsOf(phrase: string) {
  const seed = seedFromMnemonic(phrase);
  const secretKey = new Uint8Array([...seed, ...publicKeyOf(seed)]);
  const keyNeedles: Needle[] = [
    ...bytesNeedles('seed', seed),
    ...bytesNeedles('secret key', secretKey),
    ...bytesNeedles('BIP39 seed', mnemonicToSeedSync(phrase)),
    ...bytesNeedles('entropy', mnemonicToEntropy(phrase, wordlist)),
  ];
  return {
    seed,
    secretKey,
    address: addressOf(seed),
    keyNeedles,
    phraseNeedles: textNeedles('phrase', phrase),
  };
}

test('the scanner finds every form of a secret planted in a folder, and nothing in a clean one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'io-provider-secret-scan-'));
  try {
    const seed = randomBytes(32);
    const secretKey = Buffer.concat([seed, publicKeyOf(seed)]);
    const needles = [...bytesNeedles('seed', seed), ...bytesNeedles('secret key', secretKey)];
    expect(scanTree(dir, needles).hits).toEqual([]);

    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'node.log'), `info seed=${seed.toString('hex')} done\n`);
    // Base64 of a longer buffer that holds the key at offset 1 and 2: found at each alignment.
    writeFileSync(join(dir, 'blob1.txt'), Buffer.concat([Buffer.from([7]), secretKey]).toString('base64'));
    writeFileSync(join(dir, 'blob2.txt'), Buffer.concat([Buffer.from([7, 8]), secretKey]).toString('base64'));
    writeFileSync(join(dir, 'id.json'), JSON.stringify([...secretKey]));
    writeFileSync(join(dir, 'buffer.json'), JSON.stringify({ key: secretKey }));
    writeFileSync(
      join(dir, 'wide.txt'),
      Buffer.from(addressOf(seed) + secretKeyBase58(secretKey), 'utf16le'),
    );
    const db = new Database(join(dir, 'store.sqlite'));
    db.exec('CREATE TABLE t (k BLOB)');
    db.prepare('INSERT INTO t VALUES (?)').run(seed);
    db.close();

    const { hits } = scanTree(dir, needles);
    const found = new Set(hits.map((h) => `${h.where}: ${h.needle.label}`));
    for (const expected of [
      'a/b/node.log: seed hex',
      'blob1.txt: secret key base64 (alignment 1)',
      'blob1.txt: seed base64 (alignment 1)',
      'blob2.txt: secret key base64 (alignment 2)',
      'id.json: secret key JSON array',
      'buffer.json: secret key JSON array',
      'wide.txt: secret key base58 (UTF-16LE)',
      'store.sqlite: seed raw bytes',
    ]) {
      expect(found, `planted: ${expected}\nfound:\n${[...found].join('\n')}`).toContain(expected);
    }
    // Another key's needles find nothing in the same folder (no false positive from structure).
    const other = randomBytes(32);
    expect(scanTree(dir, bytesNeedles('other', other)).hits).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function secretKeyBase58(secretKey: Buffer): string {
  return bytesNeedles('k', secretKey)
    .find((n) => n.label === 'k base58')!
    .bytes.toString('utf8');
}

interface Captured {
  frames: { where: string; payload: Buffer }[];
  responses: { url: string; status: number; body: Buffer }[];
  unreadResponses: string[];
  requests: { url: string; body: Buffer }[];
  pending: Promise<void>[];
}

/** Every WebSocket frame, request body and response body of `page`, from before it loads. */
function capture(page: Page): Captured {
  const c: Captured = { frames: [], responses: [], unreadResponses: [], requests: [], pending: [] };
  let sockets = 0;
  page.on('websocket', (ws) => {
    const n = ++sockets;
    const add = (dir: string) => (f: { payload: string | Buffer }) =>
      c.frames.push({
        where: `ws ${n} ${new URL(ws.url()).pathname} frame ${c.frames.length} (${dir})`,
        payload: typeof f.payload === 'string' ? Buffer.from(f.payload, 'utf8') : f.payload,
      });
    ws.on('framesent', add('sent'));
    ws.on('framereceived', add('received'));
  });
  page.on('request', (r) => {
    const body = r.postDataBuffer();
    if (body) c.requests.push({ url: r.url(), body });
  });
  page.on('response', (r) => {
    c.pending.push(
      r.body().then(
        (body) => void c.responses.push({ url: r.url(), status: r.status(), body }),
        (error: Error) => void c.unreadResponses.push(`${r.status()} ${r.url()}: ${error.message}`),
      ),
    );
  });
  return c;
}

/** A V8 heap snapshot of the page's renderer, after a forced GC (twice: weak and finalized objects). */
async function heapSnapshot(page: Page): Promise<Buffer> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    return Buffer.from(chunks.join(''), 'utf8');
  } finally {
    await cdp.detach();
  }
}

const callName = (url: string) => /\/api\/call\/([A-Za-z]+)/u.exec(url)?.[1] ?? url;

test.describe('the wallet secret on a real `io-provider run`', () => {
  let node: NodeProcess | undefined;
  let dataDir = '';
  let context: BrowserContext;
  let page: Page;
  const logged = <T>(fn: () => Promise<T>) => withNodeLogs(() => node, fn);

  test.beforeAll(async ({ browser }) => {
    dataDir = freshDataDir();
    node = await startNode({ dataDir });
    await callNode(node, 'updateSettings', { onboarded: true });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
    if (node && !node.exited) await stopNode(node);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('create, lock, unlock, faucet, stake, lock: no secret in any file, log, message or heap', async () => {
    await logged(async () => {
      const seen = capture(page);
      const wallet = () => callNode<WalletState>(node!, 'getWallet');

      // --- The owner creates a wallet and reads the phrase, once. ---
      await page.goto(node!.url);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallet' }).click();
      await page.getByRole('button', { name: /Create a wallet in this app/ }).click();
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Passphrase, again').fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Create wallet' }).click();
      const items = page.getByTestId('recovery-phrase').locator('li');
      await expect(items).toHaveCount(12, { timeout: 30_000 }); // scrypt at N = 2^16 while the node benchmarks
      // Read word by word: the joined phrase is never handed to the page (it would plant it in the heap).
      const phrase = (await items.allTextContents()).map((w) => w.trim()).join(' ');
      // Positive control: while the phrase is on screen the heap scan finds it, so a clean scan later
      // means it is gone, not that the snapshot cannot show it.
      const heapWhileShown = await heapSnapshot(page);
      expect(
        findNeedles('heap while shown', heapWhileShown, textNeedles('phrase', phrase)).length,
        'the heap snapshot shows the phrase while it is on screen',
      ).toBeGreaterThan(0);
      await page.getByLabel(/I wrote the 12 words down/).check();
      await page.getByRole('button', { name: /Done: hide the phrase/ }).click();
      await expect(page.getByTestId('recovery-phrase')).toHaveCount(0);

      const secrets = secretsOf(phrase);
      const state = await wallet();
      // The derivation is the app's: the seed found from the phrase opens the node's address.
      expect(state.address, 'the phrase on screen derives the wallet the node holds').toBe(secrets.address);
      const passphrase = textNeedles('passphrase', PASSPHRASE);
      const keyAndPhrase = [...secrets.keyNeedles, ...secrets.phraseNeedles];

      // --- Renderer memory right after the phrase screen closed (and a GC). ---
      const heapAfterDone = await heapSnapshot(page);

      // --- Lock, unlock with the passphrase. ---
      await page.getByRole('button', { name: 'Lock', exact: true }).click();
      await expect(page.getByText('Locked', { exact: true })).toBeVisible();
      expect((await wallet()).locked).toBe(true);
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect(page.getByText('Connected: can sign')).toBeVisible({ timeout: 30_000 }); // scrypt again
      expect((await wallet()).locked).toBe(false);

      // --- Sandbox faucet, then a stake signed through the dialog. ---
      await page.getByRole('button', { name: 'Get sandbox SOL and IO' }).click();
      await expect(page.getByTestId('balance-io')).not.toHaveText('0 IO', { timeout: 30_000 });
      await page.getByLabel('Amount to stake (IO)').fill('1');
      await page.getByRole('button', { name: 'Stake…', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await expect(dialog.getByTestId('signing-state')).toHaveAttribute('data-state', 'confirmed', {
        timeout: CONFIRMED_WITHIN_MS,
      });
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(dialog).toBeHidden();
      const staking = await callNode<StakingView>(node!, 'getStaking');
      expect(BigInt(staking.stake.staked), 'the stake landed').toBeGreaterThan(0n);

      // --- Lock again. ---
      await page.getByRole('button', { name: 'Lock', exact: true }).click();
      await expect(page.getByText('Locked', { exact: true })).toBeVisible();
      expect((await wallet()).locked).toBe(true);

      const heapAtEnd = await heapSnapshot(page);
      const dom = await page.content();

      // --- The data folder while the node runs, then its logs and files after it stopped. ---
      const keystore = join(dataDir, 'wallet', 'keystore.json');
      const fileNeedles = [...keyAndPhrase, ...passphrase];
      const live = scanTree(dataDir, fileNeedles);
      // Every body read before the page goes: wait until no new response arrives for a second.
      for (let n = -1; n !== seen.pending.length;) {
        n = seen.pending.length;
        await Promise.all(seen.pending);
        await page.waitForTimeout(1_000);
      }
      await context.close();
      const exited = await stopNode(node!);
      expect(exited?.code, 'the node exits cleanly on SIGTERM').toBe(0);
      const stopped = scanTree(dataDir, fileNeedles);

      // What was scanned, for the report.
      const sizes = {
        files: stopped.files.length,
        fileBytes: stopped.bytes,
        logBytes: node!.stdout.length + node!.stderr.length,
        frames: seen.frames.length,
        frameBytes: seen.frames.reduce((n, f) => n + f.payload.length, 0),
        responses: seen.responses.length,
        requests: seen.requests.length,
        heapBytes: [heapAfterDone.length, heapAtEnd.length],
      };
      test.info().annotations.push({ type: 'scanned', description: JSON.stringify(sizes) });
      console.log(`scanned: ${JSON.stringify(sizes)}`);
      expect(stopped.files, 'the keystore and the journal were scanned').toEqual(
        expect.arrayContaining(['wallet/keystore.json', 'wallet/wallet.sqlite']),
      );
      // Positive controls: the public address is found where it belongs, so each source is really read.
      const addressNeedles = textNeedles('address', secrets.address);
      expect(
        findNeedles('', readFileSync(keystore), addressNeedles).length,
        'the address is in the keystore',
      ).toBe(1);
      expect(
        seen.frames.some((f) => findNeedles(f.where, f.payload, addressNeedles).length > 0),
        'the wallet’s address is in a WebSocket frame (frames are scanned as received)',
      ).toBe(true);

      // (1) Files: nothing at all, running or stopped. The keystore: 0600, in a 0700 folder.
      expect(describeHits(live.hits), 'no secret in any file while the node runs').toBe('');
      expect(describeHits(stopped.hits), 'no secret in any file after it stopped').toBe('');
      expect(modeOf(keystore).toString(8), 'keystore.json is 0600').toBe('600');
      expect(modeOf(join(dataDir, 'wallet')).toString(8), 'the wallet folder is 0700').toBe('700');

      // (2) The node's whole output.
      const logHits = [
        ...findNeedles('stdout', node!.stdout, fileNeedles),
        ...findNeedles('stderr', node!.stderr, fileNeedles),
      ];
      expect(describeHits(logHits), 'no secret in the node’s stdout or stderr').toBe('');

      // (3) The network: the phrase in createWallet's answer only; the key nowhere; the passphrase
      // only in what the page sent to create and unlock.
      expect(
        seen.unreadResponses.filter((r) => r.includes('/api/')),
        'every API answer was read',
      ).toEqual([]);
      const inFrames = seen.frames.flatMap((f) => findNeedles(f.where, f.payload, fileNeedles));
      expect(describeHits(inFrames), 'no secret in any WebSocket frame').toBe('');
      const responseHits = (needles: Needle[]) =>
        seen.responses.flatMap((r) => findNeedles(`response ${r.status} ${r.url}`, r.body, needles));
      expect(
        describeHits(responseHits([...secrets.keyNeedles, ...passphrase])),
        'no key in any response',
      ).toBe('');
      const phraseIn = seen.responses.filter(
        (r) => findNeedles('', r.body, secrets.phraseNeedles).length > 0,
      );
      expect(
        phraseIn.map((r) => callName(r.url)),
        'the phrase is in exactly one response: the create answer',
      ).toEqual(['createWallet']);
      const requestHits = seen.requests.flatMap((r) =>
        findNeedles(`request ${callName(r.url)}`, r.body, [...keyAndPhrase, ...passphrase]),
      );
      expect(
        [...new Set(requestHits.map((h) => `${h.where}: ${h.needle.label}`))].sort(),
        'what the page sent: the passphrase to create and unlock, nothing else secret',
      ).toEqual(['request createWallet: passphrase', 'request unlockWallet: passphrase']);

      // (4) Renderer memory: no key form ever; the phrase reported.
      const heapKeyHits = [
        ...findNeedles('heap after Done', heapAfterDone, secrets.keyNeedles),
        ...findNeedles('heap at the end', heapAtEnd, secrets.keyNeedles),
      ];
      expect(describeHits(heapKeyHits), 'no key form in the renderer’s heap').toBe('');
      const phraseHeap = (label: string, heap: Buffer) =>
        findNeedles(label, heap, secrets.phraseNeedles).map((h: Hit) => h.where);
      const lingering = [...phraseHeap('after Done', heapAfterDone), ...phraseHeap('at the end', heapAtEnd)];
      const passphraseHeap = [
        ...findNeedles('after Done', heapAfterDone, passphrase),
        ...findNeedles('at the end', heapAtEnd, passphrase),
      ].map((h) => h.where);
      // Reported, not asserted: the page typed it, and a form keeps its text until React drops it.
      const report = {
        phraseInHeapAfterGc: lingering.join(', ') || 'no',
        passphraseInHeapAfterGc: passphraseHeap.join(', ') || 'no',
      };
      for (const [type, description] of Object.entries(report))
        test.info().annotations.push({ type, description });
      console.log(`renderer heap: ${JSON.stringify(report)}`);
      expect(lingering, 'the phrase does not outlive the phrase screen in the renderer’s heap').toEqual([]);
      expect(dom, 'the phrase is not in the DOM').not.toContain(phrase);
    });
  });
});
