// The renderer's wallet adapter over a fake main process: it follows the wallet's state (connect and
// disconnect events, name, readyState, publicKey), unlocks and locks through the main process,
// approves only prepared requests, and refuses every transaction built anywhere else. Also the
// store's wallet slice: an action's refusal kept as that action's sentence, signing events applied
// only to the open request and never backwards.
import {
  WalletReadyState,
  WalletSendTransactionError,
  WalletSignTransactionError,
} from '@solana/wallet-adapter-base';
import { describe, expect, it } from 'vitest';
import type { ProviderApi } from '../../common/dashboard-api.js';
import type { SigningRequest, WalletState } from '../../common/wallet-api.js';
import {
  ARBITRARY_SIGNING_REFUSED,
  ProviderWalletAdapter,
  type WalletPort,
} from '../../renderer/lib/provider-wallet-adapter.js';
import { createAppStore } from '../../renderer/store/app-store.js';
import type { Transport } from '../../renderer/lib/transport.js';

const ADDRESS = '7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU';
const base: WalletState = {
  kind: 'in-app',
  address: ADDRESS,
  locked: true,
  canSign: false,
  origin: 'created',
  keychain: false,
  pins: { cluster: 'sandbox', rpcUrl: null, ioMint: null, decimals: 9, programs: {}, explorerPattern: null },
  autoClaim: { enabled: false, threshold: '0' },
};
const request: SigningRequest = {
  requestId: 'r1',
  kind: 'stake',
  title: 'Stake 200 IO on this device',
  rules: [],
  feePayer: ADDRESS,
  feeLamports: '5000',
  instructions: [],
  expiresAt: Date.now() + 60_000,
  state: 'pending',
  signature: null,
  reason: '',
};

function fakeMain(initial: WalletState, passphrase = 'correct horse') {
  let state = initial;
  const calls: string[] = [];
  const port: WalletPort = {
    getWallet: async () => (calls.push('getWallet'), state),
    unlockWallet: async (input) => {
      calls.push('unlockWallet');
      if (input.passphrase !== passphrase) throw new Error('wrong passphrase');
      return (state = { ...state, locked: false, canSign: true });
    },
    lockWallet: async () => (calls.push('lockWallet'), (state = { ...state, locked: true, canSign: false })),
    confirmSigning: async ({ requestId }) => (
      calls.push(`confirm ${requestId}`),
      { ...request, state: 'signing' }
    ),
  };
  return { port, calls };
}

function record(adapter: ProviderWalletAdapter) {
  const events: string[] = [];
  adapter.on('connect', (key) => events.push(`connect ${key.toBase58()}`));
  adapter.on('disconnect', () => events.push('disconnect'));
  adapter.on('error', (e) => events.push(`error ${e.name}`));
  return events;
}

describe('ProviderWalletAdapter', () => {
  it('a locked in-app wallet: connect refuses with the reason; unlock connects; disconnect locks', async () => {
    const { port, calls } = fakeMain(base);
    const adapter = new ProviderWalletAdapter(port);
    const events = record(adapter);
    await expect(adapter.connect()).rejects.toThrow(
      'The in-app wallet is locked: unlock it with your passphrase.',
    );
    expect(adapter.connected).toBe(false);
    expect(adapter.readyState).toBe(WalletReadyState.Installed);
    expect(adapter.name).toBe('io-provider in-app wallet');

    await expect(adapter.unlock('nope')).rejects.toThrow('wrong passphrase');
    expect(adapter.connected).toBe(false);
    await adapter.unlock('correct horse');
    expect(adapter.publicKey?.toBase58()).toBe(ADDRESS);

    await adapter.disconnect();
    expect(adapter.connected).toBe(false);
    expect(events).toEqual(['error WalletConnectionError', `connect ${ADDRESS}`, 'disconnect']);
    expect(calls).toEqual(['getWallet', 'unlockWallet', 'unlockWallet', 'lockWallet']);
  });

  it('follows the main process’s wallet events: kinds, watch-only connected, none disconnected', () => {
    const adapter = new ProviderWalletAdapter(fakeMain(base).port);
    const events = record(adapter);
    adapter.sync({ ...base, kind: 'watch-only', locked: false, origin: null });
    expect(adapter.name).toBe('Watch-only address');
    adapter.sync({ ...base, kind: 'watch-only', locked: false, origin: null });
    adapter.sync({ ...base, kind: 'browser', locked: false, canSign: false });
    adapter.sync({ ...base, kind: 'browser', locked: false, canSign: true });
    adapter.sync({ ...base, kind: 'none', address: null, locked: false });
    expect(adapter.readyState).toBe(WalletReadyState.Loadable);
    expect(events).toEqual([`connect ${ADDRESS}`, 'disconnect', `connect ${ADDRESS}`, 'disconnect']);
  });

  it('signs only by approving a prepared request; anything else is refused with the reason', async () => {
    const { port, calls } = fakeMain({ ...base, locked: false, canSign: true });
    const adapter = new ProviderWalletAdapter(port);
    const events = record(adapter);
    await expect(adapter.approve('r1')).rejects.toThrow();
    await adapter.connect();
    expect((await adapter.approve('r1')).state).toBe('signing');
    await expect(adapter.signTransaction()).rejects.toBeInstanceOf(WalletSignTransactionError);
    await expect(adapter.signAllTransactions()).rejects.toThrow(ARBITRARY_SIGNING_REFUSED);
    await expect(adapter.sendTransaction()).rejects.toBeInstanceOf(WalletSendTransactionError);
    expect(calls).toEqual(['getWallet', 'confirm r1']);
    expect(events.filter((e) => e.startsWith('error'))).toEqual([
      'error WalletNotConnectedError',
      'error WalletSignTransactionError',
      'error WalletSignTransactionError',
      'error WalletSendTransactionError',
    ]);
  });
});

describe('the store’s wallet slice', () => {
  const storeWith = (api: Partial<ProviderApi>) =>
    createAppStore({ api: api as ProviderApi } as unknown as Transport, 'wallet');

  it('keeps the node’s refusal as the action’s sentence and clears it on the next try', async () => {
    let fail = true;
    const store = storeWith({
      claim: async () => {
        if (fail) throw new Error('below the minimum payout of 10 IO');
        return {} as never;
      },
    });
    const first = await store.getState().walletAction('claim', (api) => api.claim({}));
    expect(first).toEqual({ ok: false, error: 'below the minimum payout of 10 IO' });
    expect(store.getState().walletErrors.claim).toBe('below the minimum payout of 10 IO');
    expect(store.getState().walletBusy).toBeNull();
    fail = false;
    expect((await store.getState().walletAction('claim', (api) => api.claim({}))).ok).toBe(true);
    expect(store.getState().walletErrors.claim).toBeUndefined();
  });

  it('applies signing events to the open request only, never backwards', () => {
    const store = storeWith({});
    const s = () => store.getState();
    s().applySigning({ ...request, state: 'signing' });
    expect(s().signing).toBeNull();
    s().openSigning(request);
    s().applySigning({ ...request, requestId: 'other', state: 'failed' });
    expect(s().signing?.state).toBe('pending');
    s().applySigning({ ...request, state: 'sent' });
    s().applySigning({ ...request, state: 'signing' });
    expect(s().signing?.state).toBe('sent');
  });
});
