// The wallet screen's data: the wallet the main process holds, its balances and history, staking
// and payouts, the one signing request on screen, and each action's busy flag and error (the node's
// sentence, shown next to the button that failed). Events reach it through bridge.ts only. The
// adapter (lib/provider-wallet-adapter.ts, which brings @solana/web3.js) is loaded by the bridge with
// the wallet screen; here it is a type only, so the first paint does not carry it.
import type { StateCreator } from 'zustand';
import type { ProviderApi } from '../../common/dashboard-api.js';
import type {
  Balances,
  HistoryEntry,
  PayoutsView,
  SigningRequest,
  StakingView,
  WalletState,
} from '../../common/wallet-api.js';
import { laterRequest } from '../features/wallet/signing-progress.js';
import { errorMessage } from '../lib/api-error.js';
import type { ProviderWalletAdapter } from '../lib/provider-wallet-adapter.js';
import type { AppStore, StoreDeps } from './app-store.js';
import { emptyResource, type Resource } from './resource.js';

export type WalletAction =
  | 'create'
  | 'import'
  | 'watch'
  | 'browser'
  | 'unlock'
  | 'lock'
  | 'change'
  | 'forget'
  | 'faucet'
  | 'stake'
  | 'unstake'
  | 'withdraw'
  | 'claim'
  | 'autoclaim'
  | 'sign';

/** The adapter's view of the connection, copied from its events (bridge.ts). */
export interface AdapterStatus {
  name: string;
  connected: boolean;
  publicKey: string | null;
  readyState: string;
  error: string | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface WalletSlice {
  wallet: Resource<WalletState>;
  balances: Resource<Balances>;
  walletHistory: Resource<HistoryEntry[]>;
  staking: Resource<StakingView>;
  payouts: Resource<PayoutsView>;
  /** The request in the signing dialog; null when the dialog is closed. */
  signing: SigningRequest | null;
  /** A browser wallet page opened and not answered yet. */
  browserPending: { url: string; expiresAt: number } | null;
  walletBusy: WalletAction | null;
  walletErrors: Partial<Record<WalletAction, string>>;
  adapter: ProviderWalletAdapter | null;
  adapterStatus: AdapterStatus | null;

  loadWalletScreen(): Promise<void>;
  loadBalances(): Promise<void>;
  loadWalletHistory(): Promise<void>;
  loadStaking(): Promise<void>;
  loadPayouts(): Promise<void>;
  /** A 'wallet' event or a call's answer: the new state of the wallet. */
  applyWallet(state: WalletState): void;
  /** A 'signing' event: moves the open dialog along (ignores other requests and stale updates). */
  applySigning(request: SigningRequest): void;
  /** A call answered with fresh figures (claim, unstake): kept as if just loaded. */
  setPayouts(view: PayoutsView): void;
  setStakingView(view: StakingView): void;
  setAdapter(adapter: ProviderWalletAdapter): void;
  setAdapterStatus(status: AdapterStatus): void;
  setBrowserPending(pending: WalletSlice['browserPending']): void;
  /** Opens the signing dialog on a request the node just prepared. */
  openSigning(request: SigningRequest): void;
  closeSigning(): void;
  clearWalletError(action: WalletAction): void;
  /**
   * Runs one owner action: marks it busy, keeps the node's refusal as that action's error, and
   * resolves with the outcome (never rejects), so a form keeps its fields after a refusal.
   */
  walletAction<T>(action: WalletAction, call: (api: ProviderApi) => Promise<T>): Promise<Outcome<T>>;
}

type Key = 'wallet' | 'balances' | 'walletHistory' | 'staking' | 'payouts';

export const walletSlice =
  (deps: StoreDeps): StateCreator<AppStore, [], [], WalletSlice> =>
  (set, get) => {
    const load = async <K extends Key>(key: K, fetch: () => Promise<AppStore[K]['data']>) => {
      set({ [key]: { ...get()[key], loading: true } } as Partial<AppStore>);
      try {
        const data = await fetch();
        set({ [key]: { data, loading: false, error: null, at: Date.now() } } as Partial<AppStore>);
      } catch (error) {
        set({ [key]: { ...get()[key], loading: false, error: errorMessage(error) } } as Partial<AppStore>);
      }
    };
    const hasAddress = () => Boolean(get().wallet.data?.address);
    const slice: WalletSlice = {
      wallet: emptyResource(),
      balances: emptyResource(),
      walletHistory: emptyResource(),
      staking: emptyResource(),
      payouts: emptyResource(),
      signing: null,
      browserPending: null,
      walletBusy: null,
      walletErrors: {},
      adapter: null,
      adapterStatus: null,

      loadWalletScreen: async () => {
        await load('wallet', () => deps.api().getWallet({}));
        await Promise.all([
          get().loadBalances(),
          get().loadWalletHistory(),
          get().loadStaking(),
          get().loadPayouts(),
        ]);
      },
      // Balances and history need an address; without one there is nothing to read on chain.
      loadBalances: async () => {
        if (!hasAddress()) return set({ balances: emptyResource() });
        await load('balances', () => deps.api().getBalances({}));
      },
      loadWalletHistory: async () => {
        if (!hasAddress()) return set({ walletHistory: emptyResource() });
        await load('walletHistory', async () => (await deps.api().getWalletHistory({ limit: 25 })).entries);
      },
      loadStaking: () => load('staking', () => deps.api().getStaking({})),
      loadPayouts: () => load('payouts', () => deps.api().getPayouts({})),

      applyWallet: (state) => {
        const before = get().wallet.data;
        set({ wallet: { data: state, loading: false, error: null, at: Date.now() } });
        get().adapter?.sync(state);
        if (state.kind !== 'none' && state.address) set({ browserPending: null });
        if (before?.address !== state.address) {
          void get().loadBalances();
          void get().loadWalletHistory();
        }
      },
      applySigning: (request) => {
        const current = get().signing;
        if (!current || current.requestId !== request.requestId) return;
        const next = laterRequest(current, request);
        set({ signing: next });
        // A transaction landed: balances, history and the stake moved.
        if (next.state === 'confirmed' && current.state !== 'confirmed') {
          void get().loadBalances();
          void get().loadWalletHistory();
          void get().loadStaking();
        }
      },
      setPayouts: (data) => set({ payouts: { data, loading: false, error: null, at: Date.now() } }),
      setStakingView: (data) => set({ staking: { data, loading: false, error: null, at: Date.now() } }),
      setAdapter: (adapter) => {
        set({ adapter });
        const state = get().wallet.data;
        if (state) adapter.sync(state);
      },
      setAdapterStatus: (adapterStatus) => set({ adapterStatus }),
      setBrowserPending: (browserPending) => set({ browserPending }),
      openSigning: (signing) => set({ signing }),
      closeSigning: () => set({ signing: null }),
      clearWalletError: (action) => {
        const { [action]: _, ...rest } = get().walletErrors;
        set({ walletErrors: rest });
      },
      walletAction: async (action, call) => {
        get().clearWalletError(action);
        set({ walletBusy: action });
        try {
          const value = await call(deps.api());
          return { ok: true, value };
        } catch (error) {
          const message = errorMessage(error);
          set((s) => ({ walletErrors: { ...s.walletErrors, [action]: message } }));
          return { ok: false, error: message };
        } finally {
          set({ walletBusy: null });
        }
      },
    };
    return slice;
  };
