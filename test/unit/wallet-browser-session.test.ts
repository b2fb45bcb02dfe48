// The browser-wallet port's rules without HTTP: a one-time link that expires and is replaced by the
// next, a challenge that names the app, address, origin, nonce and expiry, a connect that takes only
// a signature over those exact bytes by that address, and signing requests answered once, only by a
// signature that verifies over the queued message. Every refused answer leaves the state unchanged.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserWallet, type BrowserWallet } from '../../main/wallet/browser/browser-wallet.js';
import { BridgeError } from '../../main/wallet/browser/bridge-error.js';
import { SignerRefusedError } from '../../main/wallet/signer.js';
import { messageOf, signingRequest, testKey, transferTx, type TestKey } from './wallet-browser-fixture.js';

const ORIGIN = 'http://127.0.0.1:4321';
const tokenOf = (url: string) => url.split('#')[1]!;
const idle = () => new AbortController().signal;

let wallet: BrowserWallet;
let owner: TestKey;
let connectedTo: string[];

/** The bridge call's refusal code, or 'ok'. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof BridgeError) return error.code;
    throw error;
  }
}

function connect(key = owner): string {
  const token = tokenOf(wallet.open().url);
  const { message } = wallet.bridge.challenge(token, key.address);
  return wallet.bridge.connect(token, key.address, key.sign(message)).sessionSecret;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-06-01T12:00:00Z') });
  wallet = createBrowserWallet({ origin: ORIGIN, now: () => Date.now(), appName: 'io-provider' });
  owner = testKey();
  connectedTo = [];
  wallet.onConnected((address) => connectedTo.push(address));
});
afterEach(() => vi.useRealTimers());

describe('the connect link', () => {
  it('carries a fresh 256-bit token in the fragment and lasts five minutes', () => {
    const a = wallet.open();
    const b = wallet.open();
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:4321\/wallet-connect\/#[A-Za-z0-9_-]{43}$/);
    expect(tokenOf(a.url)).not.toBe(tokenOf(b.url));
    expect(a.expiresAt).toBe(Date.now() + 5 * 60_000);
  });

  it('is voided by the next open()', () => {
    const first = tokenOf(wallet.open().url);
    const second = tokenOf(wallet.open().url);
    expect(codeOf(() => wallet.bridge.challenge(first, owner.address))).toBe('unknown-link');
    expect(codeOf(() => wallet.bridge.challenge(second, owner.address))).toBe('ok');
  });

  it('expires: an old link is refused with the time it ran out', () => {
    const token = tokenOf(wallet.open().url);
    const { message } = wallet.bridge.challenge(token, owner.address);
    vi.advanceTimersByTime(5 * 60_000 + 1);
    expect(() => wallet.bridge.connect(token, owner.address, owner.sign(message))).toThrow(
      /expired at 2025-06-01T12:05:00/,
    );
    expect(connectedTo).toEqual([]);
    expect(wallet.signer()).toBeNull();
  });
});

describe('the challenge and the connect', () => {
  it('names the app, the address, the origin, a nonce and the expiry', () => {
    const token = tokenOf(wallet.open().url);
    const a = wallet.bridge.challenge(token, owner.address).message;
    const b = wallet.bridge.challenge(token, owner.address).message;
    expect(a).toContain('io-provider wants to connect this wallet.');
    expect(a).toContain(`Address: ${owner.address}`);
    expect(a).toContain(`Origin: ${ORIGIN}`);
    expect(a).toContain('Expires: 2025-06-01T12:05:00.000Z');
    const nonce = (text: string) => /Nonce: (\S+)/.exec(text)![1];
    expect(nonce(a)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(nonce(a)).not.toBe(nonce(b));
  });

  it('refuses an address that is not a 32-byte key', () => {
    const token = tokenOf(wallet.open().url);
    expect(codeOf(() => wallet.bridge.challenge(token, '1111'))).toBe('bad-address');
  });

  it('connects once a signature by that address over the exact challenge verifies', () => {
    const token = tokenOf(wallet.open().url);
    const { message } = wallet.bridge.challenge(token, owner.address);
    const answer = wallet.bridge.connect(token, owner.address, owner.sign(message));
    expect(answer.sessionSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(connectedTo).toEqual([owner.address]);
    expect(wallet.signer()).toMatchObject({ kind: 'browser', address: owner.address });
    // The link is spent: replaying the same hand-back is refused and changes nothing.
    expect(codeOf(() => wallet.bridge.connect(token, owner.address, owner.sign(message)))).toBe(
      'unknown-link',
    );
    expect(connectedTo).toEqual([owner.address]);
  });

  it('refuses a forged hand-back (another key, an altered message, another address) and keeps the link', () => {
    const token = tokenOf(wallet.open().url);
    const { message } = wallet.bridge.challenge(token, owner.address);
    const forger = testKey();
    expect(codeOf(() => wallet.bridge.connect(token, owner.address, forger.sign(message)))).toBe(
      'bad-signature',
    );
    const altered = message.replace('Origin: ', 'Origin: http://evil.example ');
    expect(codeOf(() => wallet.bridge.connect(token, owner.address, owner.sign(altered)))).toBe(
      'bad-signature',
    );
    expect(codeOf(() => wallet.bridge.connect(token, forger.address, forger.sign(message)))).toBe(
      'no-challenge',
    );
    expect(codeOf(() => wallet.bridge.connect(token, owner.address, new Uint8Array(64)))).toBe(
      'bad-signature',
    );
    expect(connectedTo).toEqual([]);
    expect(wallet.signer()).toBeNull();
    expect(codeOf(() => wallet.bridge.connect(token, owner.address, owner.sign(message)))).toBe('ok');
  });

  it('refuses a signature over an earlier challenge once a new one was asked for', () => {
    const token = tokenOf(wallet.open().url);
    const first = wallet.bridge.challenge(token, owner.address).message;
    wallet.bridge.challenge(token, owner.address);
    expect(codeOf(() => wallet.bridge.connect(token, owner.address, owner.sign(first)))).toBe(
      'bad-signature',
    );
  });
});

describe('signing through the page', () => {
  const queue = async (secret: string, message: Uint8Array, id: string, wire?: Uint8Array) => {
    const result = wallet.signer()!.signMessage(message, signingRequest(id), wire);
    result.catch(() => undefined); // observed below; keeps an early rejection from going unhandled
    const { requests } = await wallet.bridge.pending(secret, idle());
    return { result, item: requests.find((r) => r.requestId === id)! };
  };

  it('hands the page the whole transaction and resolves with a signature that verifies', async () => {
    const secret = connect();
    const message = messageOf(transferTx(owner.publicKey));
    const { result, item } = await queue(secret, message, 'r1');
    const wire = Buffer.from(item.transaction, 'base64');
    expect(wire[0]).toBe(1); // one signature slot, empty, then the message
    expect(wire.subarray(1, 65).every((b) => b === 0)).toBe(true);
    expect(Buffer.compare(wire.subarray(65), message)).toBe(0);
    expect(item.signerIndex).toBe(0);
    expect(item.request.title).toBe('Stake 200 IO on this device');
    const signature = owner.sign(message);
    wallet.bridge.signed(secret, 'r1', signature);
    await expect(result).resolves.toEqual(signature);
    // Answered once: a replay is told so, and an id never issued is unknown.
    expect(codeOf(() => wallet.bridge.signed(secret, 'r1', signature))).toBe('already-answered');
    expect(codeOf(() => wallet.bridge.signed(secret, 'nope', signature))).toBe('unknown-request');
  });

  it('refuses a forged signature or one over another message, and the request keeps waiting', async () => {
    const secret = connect();
    const message = messageOf(transferTx(owner.publicKey, 5000));
    const { result } = await queue(secret, message, 'r2');
    expect(codeOf(() => wallet.bridge.signed(secret, 'r2', testKey().sign(message)))).toBe('bad-signature');
    const other = messageOf(transferTx(owner.publicKey, 9_999_999));
    expect(codeOf(() => wallet.bridge.signed(secret, 'r2', owner.sign(other)))).toBe('bad-signature');
    expect((await wallet.bridge.pending(secret, idle())).requests.map((r) => r.requestId)).toEqual(['r2']);
    wallet.bridge.signed(secret, 'r2', owner.sign(message));
    await expect(result).resolves.toHaveLength(64);
  });

  it('passes on a given wire transaction with the signatures it already holds, and finds the slot', async () => {
    const secret = connect();
    const network = testKey();
    const tx = transferTx(network.publicKey, 5000, owner.publicKey);
    const message = messageOf(tx);
    tx.addSignature(network.publicKey, Buffer.from(network.sign(message)));
    const wire = new Uint8Array(tx.serialize({ requireAllSignatures: false }));
    const { item } = await queue(secret, message, 'r3', wire);
    expect(item.signerIndex).toBe(1);
    expect(Buffer.from(item.transaction, 'base64').equals(Buffer.from(wire))).toBe(true);
    const otherWire = new Uint8Array(
      transferTx(network.publicKey, 6000, owner.publicKey).serialize({
        requireAllSignatures: false,
        verifySignatures: false,
      }),
    );
    await expect(wallet.signer()!.signMessage(message, signingRequest('r4'), otherWire)).rejects.toThrow(
      /does not carry the message/,
    );
  });

  it('fails clearly for a transaction the connected wallet does not sign', async () => {
    connect();
    const message = messageOf(transferTx(testKey().publicKey));
    await expect(wallet.signer()!.signMessage(message, signingRequest('r5'))).rejects.toThrow(
      /is not a signer of this transaction/,
    );
    await expect(
      wallet.signer()!.signMessage(new Uint8Array([1, 2, 3]), signingRequest('r6')),
    ).rejects.toThrow(/not a Solana transaction message/);
  });

  it('turns a refusal in the wallet, a timeout and a disconnect into SignerRefusedError', async () => {
    const secret = connect();
    const message = messageOf(transferTx(owner.publicKey));
    const refused = await queue(secret, message, 'a');
    wallet.bridge.refused(secret, 'a', 'User rejected the request.');
    await expect(refused.result).rejects.toThrow(SignerRefusedError);
    await expect(refused.result).rejects.toThrow(/User rejected/);

    const slow = await queue(secret, message, 'b');
    vi.advanceTimersByTime(120_000);
    await expect(slow.result).rejects.toThrow(/did not answer within 120 s/);

    await wallet.bridge.pending(secret, AbortSignal.abort()); // the page is still polling
    const dropped = await queue(secret, message, 'c');
    wallet.disconnect();
    await expect(dropped.result).rejects.toThrow(SignerRefusedError);
    expect(wallet.signer()).toBeNull();
    await expect(wallet.bridge.pending(secret, idle())).rejects.toThrow(/no longer connected/);
  });

  it('refuses an expired request without bothering the wallet', async () => {
    connect();
    const message = messageOf(transferTx(owner.publicKey));
    const stale = signingRequest('old', { expiresAt: Date.now() - 1 });
    await expect(wallet.signer()!.signMessage(message, stale)).rejects.toThrow(/has expired/);
  });

  it('refuses at once when the page stopped polling (closed), rather than waiting two minutes', async () => {
    const secret = connect();
    await wallet.bridge.pending(secret, AbortSignal.abort());
    vi.advanceTimersByTime(41_000);
    const message = messageOf(transferTx(owner.publicKey));
    await expect(wallet.signer()!.signMessage(message, signingRequest('z'))).rejects.toThrow(
      /page was closed/,
    );
  });

  it('a long poll is answered as soon as a request arrives', async () => {
    const secret = connect();
    const poll = wallet.bridge.pending(secret, idle());
    const message = messageOf(transferTx(owner.publicKey));
    void wallet
      .signer()!
      .signMessage(message, signingRequest('w'))
      .catch(() => undefined);
    await expect(poll).resolves.toMatchObject({ requests: [{ requestId: 'w' }] });
  });

  it('a second page connecting ends the first one', async () => {
    const first = connect();
    const other = testKey();
    connect(other);
    expect(connectedTo).toEqual([owner.address, other.address]);
    expect(wallet.signer()!.address).toBe(other.address);
    await expect(wallet.bridge.pending(first, idle())).rejects.toThrow(/no longer connected/);
  });
});
