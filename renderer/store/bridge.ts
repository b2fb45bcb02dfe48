// The one place that listens to the node: it subscribes to the transport's events and connection
// changes and feeds the store. Components never subscribe to anything; they read the store and call
// its actions. On every (re)connection it resyncs what events alone cannot rebuild (history, log,
// telemetry, settings, the open screen's figures); after that, events keep it current. Figures with
// no event of their own are refreshed when an event makes them stale, or at a slow interval.
import type { DashboardEvent, NodeState } from '../../common/dashboard-api.js';
import { errorMessage } from '../lib/api-error.js';
import type { StoreApi } from 'zustand/vanilla';
import type { AppStore } from './app-store.js';
import { routeFromHash, type Route } from './routes.js';

const SLOW_REFRESH_MS = 60_000;
const EARNINGS_DEBOUNCE_MS = 1_500;
const BALANCES_DEBOUNCE_MS = 1_000;

/**
 * The wallet adapter comes with the wallet screen (it brings @solana/web3.js); its connect,
 * disconnect and error events feed the store here, the one place that subscribes to anything.
 */
let adapterLoading: Promise<void> | null = null;
function ensureAdapter(store: StoreApi<AppStore>): Promise<void> {
  return (adapterLoading ??= import('../lib/provider-wallet-adapter.js').then(({ ProviderWalletAdapter }) => {
    const adapter = new ProviderWalletAdapter(store.getState().transport.api);
    const report = (error: string | null = null) =>
      store.getState().setAdapterStatus({
        name: adapter.name,
        connected: adapter.connected,
        publicKey: adapter.publicKey?.toBase58() ?? null,
        readyState: adapter.readyState,
        error,
      });
    adapter.on('connect', () => report());
    adapter.on('disconnect', () => report());
    adapter.on('readyStateChange', () => report());
    adapter.on('error', (error) => report(error.message));
    store.getState().setAdapter(adapter);
    report();
  }));
}

export function loadRoute(store: StoreApi<AppStore>, route: Route): void {
  const s = store.getState();
  if (route === 'earnings') void s.loadEarnings();
  if (route === 'network') void s.loadNetwork();
  if (route === 'diagnostics') void s.loadDiagnostics();
  if (route === 'settings') void s.loadSettings();
  if (route === 'wallet') {
    void s.loadWalletScreen();
    void ensureAdapter(store);
  }
}

export function startBridge(store: StoreApi<AppStore>, win: Window = window): () => void {
  const { transport } = store.getState();
  const api = transport.api;
  let earningsTimer: ReturnType<typeof setTimeout> | null = null;
  let balancesTimer: ReturnType<typeof setTimeout> | null = null;

  const resync = async () => {
    const s = store.getState();
    void s.loadSettings();
    loadRoute(store, s.route);
    const [jobs, log, telemetry] = await Promise.allSettled([
      api.getJobs({ limit: 100 }),
      api.getLog({}),
      api.getTelemetry({}),
    ]);
    const now = store.getState();
    if (jobs.status === 'fulfilled') now.setJobs(jobs.value.jobs);
    else now.setJobs(null, errorMessage(jobs.reason));
    if (log.status === 'fulfilled') now.setLog(log.value.lines);
    if (telemetry.status === 'fulfilled') now.setTelemetry(telemetry.value.samples);
  };

  const refreshEarningsSoon = () => {
    if (store.getState().route !== 'earnings' || earningsTimer) return;
    earningsTimer = setTimeout(() => {
      earningsTimer = null;
      void store.getState().loadEarnings();
    }, EARNINGS_DEBOUNCE_MS);
  };

  // A 'wallet' event also says balances moved; several arrive together around one transaction.
  const refreshBalancesSoon = () => {
    if (store.getState().route !== 'wallet' || balancesTimer) return;
    balancesTimer = setTimeout(() => {
      balancesTimer = null;
      void store.getState().loadBalances();
    }, BALANCES_DEBOUNCE_MS);
  };

  const onState = (next: NodeState) => {
    const s = store.getState();
    const before = s.state;
    s.setNodeState(next);
    // A benchmark or proof round just ended: diagnostics has new figures.
    const finished =
      before && before.phase !== next.phase && ['benchmarking', 'proving'].includes(before.phase);
    if (finished && s.route === 'diagnostics') void s.loadDiagnostics();
    const statusMoved = before && before.device.status !== next.device.status;
    if (statusMoved && s.route === 'network') void s.loadNetwork();
    // Registering opens staking and payouts; cluster-ready (or dropping from it) changes the stake view.
    if (statusMoved && s.route === 'wallet') {
      void s.loadStaking();
      void s.loadPayouts();
    }
    if (before && before.earnings.verified !== next.earnings.verified) refreshEarningsSoon();
  };

  const onEvent = (event: DashboardEvent) => {
    const s = store.getState();
    switch (event.type) {
      case 'state':
        return onState(event.state);
      case 'job':
        s.upsertJob(event.job);
        if (event.job.outcome) refreshEarningsSoon();
        return;
      case 'log':
        return s.appendLog({ at: event.at, message: event.message });
      case 'telemetry':
        return s.appendTelemetry(event.sample);
      case 'wallet':
        s.applyWallet(event.wallet);
        return refreshBalancesSoon();
      case 'signing':
        return s.applySigning(event.request);
    }
  };

  const unsubscribe = transport.subscribe({
    event: onEvent,
    connection: (status) => {
      const wasOpen = store.getState().connection.kind === 'open';
      store.getState().setConnection(status);
      if (status.kind === 'open' && !wasOpen) void resync();
    },
  });

  // The screen follows the URL hash; opening a screen fetches its figures.
  const onHash = () => store.getState().setRoute(routeFromHash(win.location.hash));
  win.addEventListener('hashchange', onHash);
  const unwatchRoute = store.subscribe((s, prev) => {
    if (s.route !== prev.route && s.connection.kind === 'open') loadRoute(store, s.route);
  });

  const slow = setInterval(() => {
    const s = store.getState();
    if (s.connection.kind !== 'open') return;
    if (s.route === 'network' || s.route === 'diagnostics' || s.route === 'earnings')
      loadRoute(store, s.route);
    // Staking and payouts have no event of their own: cooldowns end, earnings become claimable.
    if (s.route === 'wallet') {
      void s.loadStaking();
      void s.loadPayouts();
    }
  }, SLOW_REFRESH_MS);

  return () => {
    unsubscribe();
    unwatchRoute();
    win.removeEventListener('hashchange', onHash);
    clearInterval(slow);
    if (earningsTimer) clearTimeout(earningsTimer);
    if (balancesTimer) clearTimeout(balancesTimer);
  };
}
