// The wallet in the main process: which wallet this node has (none, in-app, browser, watch-only), what
// can sign now, the chain it trusts, and the flows that move IO (signing requests, staking, payouts).
// Its public state and journal live in <dataDir>/wallet/wallet.sqlite (wallet-journal.ts), the
// in-app key in <dataDir>/wallet/keystore.json behind the KeyVault port. Does nothing in its
// constructor; start() settles the journal with the chain and returns the stop function.
import { EventEmitter } from 'node:events';
import type { NetworkInfo } from '../../common/network-api.js';
import type {
  Balances,
  ChainPins,
  HistoryEntry,
  SigningRequest,
  WalletState,
} from '../../common/wallet-api.js';
import type { CoordinatorClient } from '../network/coordinator-client.js';
import type { BrowserWalletPort } from './browser-wallet-port.js';
import { emptyPins, makePins } from './chain-pins.js';
import type { KeyOrigin, KeyVault, UnlockedSigner } from './key-vault.js';
import { PayoutsFlow } from './payouts-flow.js';
import type { TransactionSigner } from './signer.js';
import { SigningFlow } from './signing-flow.js';
import { StakingFlow } from './staking-flow.js';
import { prepareTransfer } from './transfer.js';
import { WalletChain } from './wallet-chain.js';
import { WalletJournal } from './wallet-journal.js';

export interface WalletServiceOptions {
  dataDir: string;
  client: CoordinatorClient;
  deviceId: string;
  /** The node runs the embedded sandbox network: the faucet is allowed, the cluster is 'sandbox'. */
  sandbox: boolean;
  keyVault: KeyVault;
  /** A browser wallet's loopback page; absent in builds without it. */
  browser?: BrowserWalletPort;
  now?: () => number;
  log?: (message: string) => void;
  /** How long confirm waits for the chain (tests shorten it). */
  confirmTimeoutMs?: number;
}

export type WalletEvent =
  { type: 'wallet'; wallet: WalletState } | { type: 'signing'; request: SigningRequest };

export class WalletService {
  readonly journal: WalletJournal;
  readonly signing: SigningFlow;
  readonly staking: StakingFlow;
  readonly payouts: PayoutsFlow;
  private readonly events = new EventEmitter();
  private unlocked: UnlockedSigner | null = null;
  private networkInfo: NetworkInfo | null = null;
  private walletChain: WalletChain | null = null;
  private readonly now: () => number;

  constructor(readonly o: WalletServiceOptions) {
    this.now = o.now ?? Date.now;
    this.journal = new WalletJournal(o.dataDir);
    const log = (m: string) => o.log?.(m);
    this.signing = new SigningFlow({
      journal: this.journal,
      chain: () => this.chain(),
      signer: () => this.signer(),
      deviceId: o.deviceId,
      now: this.now,
      onRequest: (request) => this.events.emit('event', { type: 'signing', request }),
      log,
      confirmTimeoutMs: o.confirmTimeoutMs,
    });
    this.staking = new StakingFlow({
      client: o.client,
      journal: this.journal,
      signing: this.signing,
      deviceId: o.deviceId,
      chain: () => this.chain(),
      signingAddress: () => this.signingAddress(),
      now: this.now,
    });
    this.payouts = new PayoutsFlow({
      client: o.client,
      journal: this.journal,
      info: () => this.info(),
      address: () => this.address(),
      now: this.now,
      log,
      onChange: () => this.publish(),
    });
  }

  /** Settles the journal with the chain and the coordinator; an unreachable network is retried at the next call. */
  async start(): Promise<() => void> {
    const stopConnected = this.o.browser?.onConnected((address) => {
      this.journal.setWallet('browser', address, null);
      this.publish();
    });
    await this.reconcile().catch((e: Error) => this.o.log?.(`wallet: journal not settled yet: ${e.message}`));
    return () => {
      stopConnected?.();
      this.unlocked?.lock();
      this.unlocked = null;
      this.journal.close();
    };
  }

  async reconcile(): Promise<void> {
    await this.signing.reconcile();
    await this.payouts.reconcile();
    await this.staking.reconcile();
  }

  onEvent(listener: (event: WalletEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  state(): WalletState {
    const w = this.journal.wallet();
    const browserSigner = this.o.browser?.signer();
    return {
      kind: w.kind,
      address: w.address,
      locked: w.kind === 'in-app' && !this.unlocked,
      canSign:
        (w.kind === 'in-app' && !!this.unlocked) ||
        (w.kind === 'browser' && browserSigner?.address === w.address),
      origin: w.origin,
      keychain: false, // the OS keychain copy is not offered yet (docs/wallet.md)
      pins: this.pins(),
      autoClaim: w.autoClaim,
    };
  }

  pins(): ChainPins {
    return this.walletChain?.pins ?? emptyPins(this.o.sandbox);
  }

  async info(): Promise<NetworkInfo> {
    return (this.networkInfo ??= await this.o.client.info());
  }

  /** The chain the network announced, pinned on first use (its genesis hash names the cluster). */
  async chain(): Promise<WalletChain> {
    if (this.walletChain) return this.walletChain;
    const info = await this.info();
    if (!info.rpcUrl || !info.ioMint)
      throw new Error('this network announces no chain (RPC and IO mint): the wallet needs one');
    const probe = new WalletChain({ ...emptyPins(this.o.sandbox), rpcUrl: info.rpcUrl, ioMint: info.ioMint });
    const genesisHash = await probe.connection.getGenesisHash().catch(() => null);
    const pins = makePins({
      sandbox: this.o.sandbox,
      genesisHash,
      rpcUrl: info.rpcUrl,
      ioMint: info.ioMint,
      decimals: info.decimals,
    });
    this.walletChain = new WalletChain({ ...pins, rpcUrl: info.rpcUrl, ioMint: info.ioMint }, this.now);
    this.publish();
    return this.walletChain;
  }

  address(): string {
    const { address } = this.journal.wallet();
    if (!address) throw new Error('no wallet yet: create, import, connect or watch one first');
    return address;
  }

  /** The address of a wallet that can sign (even if locked now); watch-only and none are refused. */
  signingAddress(): string {
    const w = this.journal.wallet();
    if (w.kind === 'watch-only') throw new Error('watch-only: this address cannot sign');
    return this.address();
  }

  signer(): TransactionSigner {
    const w = this.journal.wallet();
    if (w.kind === 'none') throw new Error('no wallet yet: create, import or connect one first');
    if (w.kind === 'watch-only') throw new Error('watch-only: this address cannot sign');
    if (w.kind === 'in-app') {
      if (!this.unlocked) throw new Error('the wallet is locked: unlock it with its passphrase first');
      return this.unlocked;
    }
    const browser = this.o.browser?.signer();
    if (!browser || browser.address !== w.address)
      throw new Error('the browser wallet is not connected: connect it again from the Wallet page');
    return browser;
  }

  // --- which wallet ---------------------------------------------------------------------------------

  async create(words: 12 | 24, passphrase: string): Promise<{ wallet: WalletState; mnemonic: string }> {
    this.assertNoWallet();
    const made = await this.o.keyVault.create(words, passphrase);
    this.useInApp(made.info.address, 'created', made.signer);
    return { wallet: this.state(), mnemonic: made.mnemonic };
  }

  async import(
    format: Exclude<KeyOrigin, 'created'>,
    secret: string,
    passphrase: string,
  ): Promise<WalletState> {
    this.assertNoWallet();
    const made = await this.o.keyVault.import(format, secret, passphrase);
    this.useInApp(made.info.address, format, made.signer);
    return this.state();
  }

  watch(address: string): WalletState {
    this.assertNoWallet();
    this.journal.setWallet('watch-only', address, null);
    return this.publish();
  }

  async unlock(passphrase: string): Promise<WalletState> {
    const w = this.journal.wallet();
    if (w.kind !== 'in-app') throw new Error('only an in-app wallet has a passphrase to unlock');
    const signer = await this.o.keyVault.unlock(passphrase);
    if (signer.address !== w.address) {
      signer.lock();
      throw new Error(
        `the keystore holds ${signer.address}, not this node's wallet ${w.address}; nothing was changed`,
      );
    }
    this.unlocked?.lock();
    this.unlocked = signer;
    return this.publish();
  }

  lock(): WalletState {
    this.unlocked?.lock();
    this.unlocked = null;
    return this.publish();
  }

  async changePassphrase(current: string, next: string): Promise<WalletState> {
    if (this.journal.wallet().kind !== 'in-app') throw new Error('only an in-app wallet has a passphrase');
    await this.o.keyVault.changePassphrase(current, next);
    return this.state();
  }

  forget(address: string): WalletState {
    const w = this.journal.wallet();
    if (w.kind === 'none') throw new Error('there is no wallet to forget');
    if (address !== w.address) throw new Error(`type the wallet's address (${w.address}) to forget it`);
    if (this.journal.signingIn(['signing', 'sent']).length || this.journal.openClaims().length)
      throw new Error('a transaction or claim of this wallet is still on its way: forget it once it settles');
    if (w.kind === 'in-app') this.o.keyVault.remove();
    if (w.kind === 'browser') this.o.browser?.disconnect();
    this.lock();
    this.journal.setWallet('none', null, null);
    return this.publish();
  }

  connectBrowser(): { url: string; expiresAt: number } {
    if (!this.o.browser) throw new Error('browser wallets are not available in this build of the app');
    const w = this.journal.wallet();
    if (w.kind !== 'none' && w.kind !== 'browser')
      throw new Error(`this node already has a ${w.kind} wallet (${w.address}): forget it first`);
    return this.o.browser.open();
  }

  setAutoClaim(enabled: boolean, threshold: bigint): WalletState {
    this.journal.setAutoClaim(enabled, threshold);
    return this.publish();
  }

  async prepareTransfer(to: string, asset: 'IO' | 'SOL', amount: string): Promise<SigningRequest> {
    return prepareTransfer(this.signing, await this.chain(), this.signingAddress(), to, asset, amount);
  }

  // --- reads ----------------------------------------------------------------------------------------

  async balances(): Promise<Balances> {
    return (await this.chain()).balances(this.address());
  }

  async history(limit: number): Promise<HistoryEntry[]> {
    return (await this.chain()).history(this.address(), limit);
  }

  /** Sandbox only: 2 SOL for fees and 1000 IO to stake, from the local chain's faucet. */
  async faucet(): Promise<{ signature: string }> {
    if (!this.o.sandbox) throw new Error('the faucet exists only on the sandbox network');
    const signature = await (await this.chain()).faucet(this.address(), { sol: 2, io: 1000 });
    this.publish();
    return { signature };
  }

  private assertNoWallet(): void {
    const w = this.journal.wallet();
    if (w.kind !== 'none')
      throw new Error(`this node already has a ${w.kind} wallet (${w.address}): forget it first`);
  }

  private useInApp(address: string, origin: KeyOrigin, signer: UnlockedSigner): void {
    this.journal.setWallet('in-app', address, origin);
    this.unlocked = signer;
    this.publish();
  }

  private publish(): WalletState {
    const wallet = this.state();
    this.events.emit('event', { type: 'wallet', wallet });
    return wallet;
  }
}
