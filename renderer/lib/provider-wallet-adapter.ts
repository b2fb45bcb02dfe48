// One wallet-adapter for whichever wallet the main process holds (in-app, a browser wallet signing
// through the loopback page, or a watch-only address). It never holds a key: "connect" reads or
// unlocks the main process's wallet, "disconnect" locks it, and signing means approving a request
// the main process prepared, decoded and checked (confirmSigning). Any transaction built elsewhere is
// refused, because nothing the renderer builds may reach a signer unchecked.
// Loaded with the wallet screen (bridge.ts): @solana/web3.js (for PublicKey) stays out of the first paint.
import {
  BaseWalletAdapter,
  WalletConnectionError,
  WalletDisconnectionError,
  WalletNotConnectedError,
  WalletReadyState,
  WalletSendTransactionError,
  WalletSignTransactionError,
  type SupportedTransactionVersions,
  type WalletName,
} from '@solana/wallet-adapter-base';
import { PublicKey } from '@solana/web3.js';
import type { ProviderApi } from '../../common/dashboard-api.js';
import type { SigningRequest, WalletKind, WalletState } from '../../common/wallet-api.js';
import { errorMessage } from './api-error.js';

export type WalletPort = Pick<ProviderApi, 'getWallet' | 'unlockWallet' | 'lockWallet' | 'confirmSigning'>;

export const ADAPTER_NAMES: Record<WalletKind, string> = {
  none: 'io-provider (no wallet)',
  'in-app': 'io-provider in-app wallet',
  browser: 'Browser wallet via io-provider',
  'watch-only': 'Watch-only address',
};

const svg = (body: string) =>
  `data:image/svg+xml;base64,${btoa(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#3b82f6" stroke-width="2">${body}</svg>`)}`;
const ICONS: Record<WalletKind, string> = {
  none: svg('<circle cx="12" cy="12" r="9"/>'),
  'in-app': svg('<rect x="3" y="6" width="18" height="13" rx="2"/><path d="M16 12h2"/>'),
  browser: svg('<rect x="3" y="4" width="18" height="16" rx="2"/><path d="M3 9h18"/>'),
  'watch-only': svg(
    '<path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>',
  ),
};

export const ARBITRARY_SIGNING_REFUSED =
  'This wallet signs only what io-provider prepared: every transaction is built and checked by the ' +
  'app’s main process, decoded for you, and approved in its signing dialog.';

/** Connected: the wallet can be used now (an unlocked in-app key, a connected browser wallet, an address to watch). */
export function isUsable(state: WalletState): boolean {
  if (state.kind === 'none' || !state.address) return false;
  if (state.kind === 'watch-only') return true;
  if (state.kind === 'in-app') return !state.locked;
  return state.canSign;
}

export class ProviderWalletAdapter extends BaseWalletAdapter {
  name: WalletName = ADAPTER_NAMES.none as WalletName;
  url = 'https://github.com/anza-xyz/wallet-adapter';
  icon = ICONS.none;
  readyState: WalletReadyState = WalletReadyState.Loadable;
  publicKey: PublicKey | null = null;
  connecting = false;
  // null: no transaction version is accepted from outside; the main process builds them all.
  supportedTransactionVersions: SupportedTransactionVersions = null;
  private state: WalletState | null = null;

  constructor(private readonly port: WalletPort) {
    super();
  }

  get walletState(): WalletState | null {
    return this.state;
  }

  /** The main process's wallet changed (a 'wallet' event or a call's answer): follow it. */
  sync(state: WalletState): void {
    this.state = state;
    this.name = ADAPTER_NAMES[state.kind] as WalletName;
    this.icon = ICONS[state.kind];
    const ready = state.kind === 'none' ? WalletReadyState.Loadable : WalletReadyState.Installed;
    if (ready !== this.readyState) {
      this.readyState = ready;
      this.emit('readyStateChange', ready);
    }
    const before = this.publicKey?.toBase58() ?? null;
    const after = isUsable(state) ? state.address : null;
    if (before === after) return;
    if (before) {
      this.publicKey = null;
      this.emit('disconnect');
    }
    if (after) {
      this.publicKey = new PublicKey(after);
      this.emit('connect', this.publicKey);
    }
  }

  async connect(): Promise<void> {
    if (this.connected || this.connecting) return;
    this.connecting = true;
    try {
      const state = await this.port.getWallet({});
      this.sync(state);
      if (!this.connected) throw new WalletConnectionError(notUsableReason(state));
    } catch (error) {
      throw this.fail(
        error instanceof WalletConnectionError ? error : new WalletConnectionError(errorMessage(error)),
      );
    } finally {
      this.connecting = false;
    }
  }

  /** Connect for a locked in-app wallet: the passphrase goes to the main process, which keeps the key. */
  async unlock(passphrase: string): Promise<WalletState> {
    this.connecting = true;
    try {
      const state = await this.port.unlockWallet({ passphrase });
      this.sync(state);
      return state;
    } finally {
      this.connecting = false;
    }
  }

  async disconnect(): Promise<void> {
    try {
      this.sync(await this.port.lockWallet({}));
    } catch (error) {
      throw this.fail(new WalletDisconnectionError(errorMessage(error)));
    }
  }

  /** Signing here is the owner's yes to a request the main process prepared and decoded. */
  async approve(requestId: string): Promise<SigningRequest> {
    if (!this.connected) throw this.fail(new WalletNotConnectedError());
    return this.port.confirmSigning({ requestId });
  }

  async sendTransaction(): Promise<never> {
    throw this.fail(new WalletSendTransactionError(ARBITRARY_SIGNING_REFUSED));
  }

  async signTransaction(): Promise<never> {
    throw this.fail(new WalletSignTransactionError(ARBITRARY_SIGNING_REFUSED));
  }

  async signAllTransactions(): Promise<never> {
    throw this.fail(new WalletSignTransactionError(ARBITRARY_SIGNING_REFUSED));
  }

  private fail<E extends Error>(error: E): E {
    this.emit('error', error as never);
    return error;
  }
}

export function notUsableReason(state: WalletState): string {
  if (state.kind === 'none') return 'No wallet in this app yet: create, import or connect one.';
  if (state.kind === 'in-app' && state.locked)
    return 'The in-app wallet is locked: unlock it with your passphrase.';
  if (state.kind === 'browser')
    return 'The browser wallet is not connected: connect it again from your browser.';
  return 'The wallet has no address.';
}
