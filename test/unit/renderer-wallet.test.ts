// The wallet screen's pure parts: the owner's typing checked the same way the contract checks it,
// passphrase strength, stake progress and countdowns, unstake rules, the fee preview and why a claim
// is blocked, signing progress words and ordering, explorer links and amounts for people.
import { describe, expect, it } from 'vitest';
import type { Unstake } from '../../common/staking-api.js';
import {
  amountInputSchema,
  passphraseSchema,
  walletCalls,
  type ChainPins,
  type PayoutsView,
  type SigningRequest,
  type WalletState,
} from '../../common/wallet-api.js';
import { claimBlocker, feePercent, feePreview } from '../../renderer/features/wallet/payout-math.js';
import {
  isFinal,
  laterRequest,
  secondsLeft,
  signingStep,
} from '../../renderer/features/wallet/signing-progress.js';
import {
  formatCountdown,
  sortUnstakes,
  stakeProgress,
  unstakePhase,
  unstakeRules,
} from '../../renderer/features/wallet/staking-math.js';
import {
  explorerLink,
  formatIoChange,
  formatSol,
  shortAddress,
} from '../../renderer/features/wallet/wallet-format.js';
import {
  checkAddress,
  checkAmount,
  checkKeypairFile,
  checkMnemonic,
  checkNewPassphrase,
  checkSecretKey,
  passphraseStrength,
} from '../../renderer/features/wallet/wallet-validation.js';

const IO = 1_000_000_000n;
const ADDRESS = '7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU';
const addressSchema = walletCalls.watchWallet.input.shape.address;

describe('checkAmount', () => {
  it('agrees with the contract’s amountInputSchema on what is a valid amount', () => {
    const cases = [
      '12.5',
      '0.000000001',
      '1',
      ' 3 ',
      '999999999999',
      '1.1234567891',
      '1,5',
      '-1',
      '',
      '.5',
      '1.',
      'abc',
      '1e3',
      '0',
      '0.0',
    ];
    for (const text of cases) {
      const mine = checkAmount(text).ok;
      const contract = amountInputSchema.safeParse(text).success && !/^0*(\.0*)?$/.test(text.trim());
      expect(mine, `"${text}"`).toBe(contract);
    }
  });

  it('converts to base units without floats and explains each refusal', () => {
    expect(checkAmount('12.5')).toEqual({ ok: true, value: 12n * IO + IO / 2n });
    expect(checkAmount('0.000000001')).toEqual({ ok: true, value: 1n });
    expect(checkAmount('')).toEqual({ ok: false, error: 'Enter an amount.' });
    expect(checkAmount('1,5')).toEqual({ ok: false, error: 'Use a dot for decimals, such as 12.5.' });
    expect(checkAmount('0')).toEqual({ ok: false, error: 'Enter more than 0.' });
    expect(checkAmount('1.0000000001').ok).toBe(false);
    expect(checkAmount('5', { max: 4n * IO, maxLabel: 'your stake (4 IO)' })).toEqual({
      ok: false,
      error: 'That is more than your stake (4 IO).',
    });
    expect(checkAmount('4', { max: 4n * IO })).toEqual({ ok: true, value: 4n * IO });
  });
});

describe('passphrases', () => {
  it('needs 8 characters and the same text twice, like the contract', () => {
    expect(checkNewPassphrase('short', 'short')).toMatch(/at least 8/);
    expect(passphraseSchema.safeParse('short').success).toBe(false);
    expect(checkNewPassphrase('long enough', 'long enougH')).toBe('The two passphrases differ.');
    expect(checkNewPassphrase('long enough', 'long enough')).toBeNull();
    expect(passphraseSchema.safeParse('long enough').success).toBe(true);
  });

  it('rates length first, then variety, and marks repeated or sequential text down', () => {
    expect(passphraseStrength('abc').score).toBe(0);
    expect(passphraseStrength('password1').score).toBe(1);
    expect(passphraseStrength('aaaaaaaaaaaaaaaaaaaaaaa').score).toBeLessThan(3);
    expect(passphraseStrength('otter-lamp-cactus').score).toBe(2);
    expect(passphraseStrength('otter lamp cactus violin').score).toBe(3);
    expect(passphraseStrength('Tr0ub4dor&3xyz').score).toBe(3);
  });
});

describe('what the owner pastes to import or watch', () => {
  it('accepts addresses the contract accepts and names the usual typo', () => {
    expect(checkAddress(` ${ADDRESS} `)).toEqual({ ok: true, value: ADDRESS });
    expect(addressSchema.safeParse(ADDRESS).success).toBe(true);
    const typo = `${ADDRESS.slice(0, 10)}0${ADDRESS.slice(11)}`;
    expect(checkAddress(typo)).toEqual({
      ok: false,
      error: 'A Solana address never contains 0, O, I or l: check for a typo.',
    });
    expect(addressSchema.safeParse(typo).success).toBe(false);
    expect(checkAddress('short').ok).toBe(false);
    expect(checkAddress('').ok).toBe(false);
  });

  it('recovery phrase: 12 or 24 lowercase words, spacing normalised', () => {
    const twelve = Array.from({ length: 12 }, () => 'abandon').join('  ');
    expect(checkMnemonic(`  ${twelve.toUpperCase()}\n`)).toEqual({
      ok: true,
      value: Array.from({ length: 12 }, () => 'abandon').join(' '),
    });
    expect(checkMnemonic('one two three')).toEqual({
      ok: false,
      error: 'A recovery phrase has 12 or 24 words; this has 3.',
    });
    expect(checkMnemonic(Array.from({ length: 12 }, (_, i) => `w${i}`).join(' ')).ok).toBe(false);
  });

  it('secret key: base58 of 64 bytes; a keypair file pasted there is pointed to the right option', () => {
    expect(checkSecretKey('1'.repeat(87)).ok).toBe(true);
    expect(checkSecretKey('1'.repeat(44)).ok).toBe(false);
    expect(checkSecretKey('[1,2,3]')).toEqual({
      ok: false,
      error: 'That looks like a keypair file: choose “Keypair file” instead.',
    });
    expect(checkSecretKey('0'.repeat(87)).ok).toBe(false);
  });

  it('keypair file: a JSON list of 64 bytes, re-serialised compactly', () => {
    const bytes = Array.from({ length: 64 }, (_, i) => i * 3);
    expect(checkKeypairFile(JSON.stringify(bytes, null, 2))).toEqual({
      ok: true,
      value: JSON.stringify(bytes),
    });
    expect(checkKeypairFile('not json').ok).toBe(false);
    expect(checkKeypairFile(JSON.stringify(bytes.slice(1))).ok).toBe(false);
    expect(checkKeypairFile(JSON.stringify([...bytes.slice(1), 256])).ok).toBe(false);
    expect(checkKeypairFile(JSON.stringify({ secretKey: bytes })).ok).toBe(false);
  });
});

describe('staking figures', () => {
  it('progress toward the minimum in bigint, capped at full', () => {
    expect(stakeProgress('0', String(200n * IO))).toEqual({ fraction: 0, met: false });
    expect(stakeProgress(String(50n * IO), String(200n * IO))).toEqual({ fraction: 0.25, met: false });
    expect(stakeProgress(String(199n * IO), String(200n * IO)).met).toBe(false);
    expect(stakeProgress(String(500n * IO), String(200n * IO))).toEqual({ fraction: 1, met: true });
    expect(stakeProgress('5', '0')).toEqual({ fraction: 1, met: true });
    // Far beyond a float's exact range: still exact.
    expect(stakeProgress(String(2n ** 80n), String(2n ** 81n)).fraction).toBe(0.5);
  });

  it('countdowns in two units at most, days for cooldowns, seconds near the end', () => {
    expect(formatCountdown(14 * 86_400_000)).toBe('14 days');
    expect(formatCountdown(13 * 86_400_000 + 23 * 3_600_000 + 59 * 60_000)).toBe('13 days 23 hr');
    expect(formatCountdown(5 * 3_600_000 + 2 * 60_000 + 7_000)).toBe('5 hr 2 min');
    expect(formatCountdown(4 * 60_000 + 5_000)).toBe('4 min 5 sec');
    expect(formatCountdown(41_200)).toBe('42 sec');
    expect(formatCountdown(-5)).toBe('0 sec');
  });

  it('unstake rules name the cooldown, the drop from cluster-ready and the original wallet', () => {
    const rules = unstakeRules({ cooldownMs: 14 * 86_400_000 }, ADDRESS);
    expect(rules[0]).toContain('stops counting as stake at once');
    expect(rules[0]).toContain('14 days');
    expect(rules[1]).toContain('cluster-ready');
    expect(rules[2]).toContain(shortAddress(ADDRESS));
  });

  const unstake = (o: Partial<Unstake>): Unstake => ({
    requestId: 'u1',
    amount: String(10n * IO),
    state: 'cooldown',
    requestedAt: '2025-01-01T00:00:00.000Z',
    releaseAt: '2025-01-15T00:00:00.000Z',
    signature: null,
    reason: '',
    releasedAt: null,
    ...o,
  });

  it('an unstake’s phase: the time left in cooldown, never negative; the network’s state otherwise', () => {
    const releaseAt = Date.parse('2025-01-15T00:00:00.000Z');
    expect(unstakePhase(unstake({}), releaseAt - 90_000)).toEqual({ kind: 'cooldown', left: 90_000 });
    expect(unstakePhase(unstake({}), releaseAt + 5)).toEqual({ kind: 'cooldown', left: 0 });
    expect(unstakePhase(unstake({ state: 'releasable' }), 0)).toEqual({ kind: 'releasable' });
    expect(unstakePhase(unstake({ state: 'releasing', reason: 'expired' }), 0)).toEqual({
      kind: 'releasing',
      reason: 'expired',
    });
  });

  it('open requests first, nearest release first; released ones after, newest first', () => {
    const sorted = sortUnstakes([
      unstake({ requestId: 'done-old', state: 'released', releasedAt: '2025-01-02T00:00:00.000Z' }),
      unstake({ requestId: 'late', releaseAt: '2025-02-01T00:00:00.000Z' }),
      unstake({ requestId: 'done-new', state: 'released', releasedAt: '2025-01-20T00:00:00.000Z' }),
      unstake({ requestId: 'soon', releaseAt: '2025-01-03T00:00:00.000Z' }),
    ]);
    expect(sorted.map((u) => u.requestId)).toEqual(['soon', 'late', 'done-new', 'done-old']);
  });
});

const pins: ChainPins = {
  cluster: 'devnet',
  rpcUrl: null,
  ioMint: ADDRESS,
  decimals: 9,
  programs: {},
  explorerPattern: 'https://explorer.solana.com/{kind}/{id}?cluster=devnet',
};
const wallet: WalletState = {
  kind: 'in-app',
  address: ADDRESS,
  locked: false,
  canSign: true,
  origin: 'created',
  keychain: false,
  pins,
  autoClaim: { enabled: false, threshold: '0' },
};

describe('payouts', () => {
  const view = (o: Partial<PayoutsView>): PayoutsView => ({
    claimable: String(975n * IO),
    claimableGross: String(1000n * IO),
    claimableFee: String(25n * IO),
    feeBps: 250,
    minPayout: String(10n * IO),
    payouts: [],
    inFlight: null,
    ...o,
  });

  it('shows the fee as the network’s parameter and flags figures that do not add up', () => {
    expect(feePercent(250)).toBe('2.5%');
    expect(feePercent(25)).toBe('0.25%');
    expect(feePreview(view({}))).toEqual({
      net: 975n * IO,
      gross: 1000n * IO,
      fee: 25n * IO,
      percent: '2.5%',
      mismatch: false,
    });
    expect(feePreview(view({ claimable: String(976n * IO) })).mismatch).toBe(true);
  });

  it('says why Claim is disabled: no wallet, a claim on its way, nothing, or under the minimum', () => {
    expect(claimBlocker(view({}), wallet)).toBeNull();
    expect(claimBlocker(view({}), { ...wallet, kind: 'none', address: null })).toMatch(/Connect a wallet/);
    expect(claimBlocker(view({ inFlight: { claimId: 'c', since: 1 } }), wallet)).toMatch(/on its way/);
    expect(claimBlocker(view({ claimable: '0' }), wallet)).toMatch(/Nothing to claim/);
    expect(claimBlocker(view({ claimable: String(4n * IO) }), wallet)).toBe(
      'Claims start at 10 IO: 6 IO more verified earnings to go.',
    );
    // A watch-only address receives payouts: no signature is needed to claim.
    expect(claimBlocker(view({}), { ...wallet, kind: 'watch-only', canSign: false })).toBeNull();
  });
});

describe('signing requests', () => {
  const request = (o: Partial<SigningRequest>): SigningRequest => ({
    requestId: 'r1',
    kind: 'stake',
    title: 'Stake 200 IO on this device',
    rules: [],
    feePayer: ADDRESS,
    feeLamports: '5000',
    instructions: [],
    expiresAt: 60_000,
    state: 'pending',
    signature: null,
    reason: '',
    ...o,
  });

  it('words each state, asks a browser wallet owner to approve there, and keeps the failure reason', () => {
    expect(signingStep(request({ state: 'signing' }), 'browser').label).toMatch(/browser wallet/);
    expect(signingStep(request({ state: 'signing' }), 'in-app').label).toBe('Signing…');
    expect(
      signingStep(request({ state: 'failed', reason: 'insufficient SOL for the fee' }), 'in-app'),
    ).toEqual({
      label: 'Failed: insufficient SOL for the fee',
      tone: 'bad',
    });
    expect(signingStep(request({ state: 'confirmed' }), 'in-app').tone).toBe('ok');
    expect(isFinal('confirmed')).toBe(true);
    expect(isFinal('sent')).toBe(false);
  });

  it('a late event never moves a request back, and another request’s event does not mix in', () => {
    const sent = request({ state: 'sent' });
    expect(laterRequest(sent, request({ state: 'signing' }))).toBe(sent);
    const confirmed = request({ state: 'confirmed', signature: 'sig' });
    expect(laterRequest(sent, confirmed)).toBe(confirmed);
    const other = request({ requestId: 'r2' });
    expect(laterRequest(sent, other)).toBe(other);
  });

  it('counts the seconds to expiry down to zero', () => {
    expect(secondsLeft(request({}), 0)).toBe(60);
    expect(secondsLeft(request({}), 59_001)).toBe(1);
    expect(secondsLeft(request({}), 90_000)).toBe(0);
  });
});

describe('wallet figures for people', () => {
  it('explorer links from the pinned pattern, only to web pages; none on the sandbox', () => {
    expect(explorerLink(pins, 'tx', 'abc')).toBe('https://explorer.solana.com/tx/abc?cluster=devnet');
    expect(explorerLink({ ...pins, explorerPattern: null }, 'tx', 'abc')).toBeNull();
    expect(explorerLink({ ...pins, explorerPattern: 'javascript:alert({id})' }, 'tx', 'abc')).toBeNull();
  });

  it('SOL from lamports and signed IO changes, exactly', () => {
    expect(formatSol('5000')).toBe('0.000005 SOL');
    expect(formatSol(2_500_000_000n)).toBe('2.5 SOL');
    expect(formatIoChange(String(5n * IO))).toBe('+5 IO');
    expect(formatIoChange(String(-IO / 2n))).toBe('−0.5 IO');
    expect(formatIoChange('0')).toBe('0 IO');
    expect(shortAddress(ADDRESS)).toBe('7xKXtg…JosgAsU'.replace('JosgAsU', ADDRESS.slice(-6)));
  });
});
