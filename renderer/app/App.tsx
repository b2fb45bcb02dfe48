// The shell: navigation, the connection banner and the current screen; the first-run wizard instead
// while the owner has not been through it; only instructions without a valid token.
import { lazy, Suspense, useEffect, useRef, type ComponentType } from 'react';
import { DiagnosticsScreen } from '../features/diagnostics/DiagnosticsScreen.js';
import { EarningsScreen } from '../features/earnings/EarningsScreen.js';
import { HomeScreen } from '../features/home/HomeScreen.js';
import { NetworkScreen } from '../features/network/NetworkScreen.js';
import { OnboardingScreen } from '../features/onboarding/OnboardingScreen.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { useApp } from '../store/app-store.js';
import type { Route } from '../store/routes.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { Nav } from './Nav.js';
import { Loading } from './ui.js';
import { Unauthorized } from './Unauthorized.js';

// The wallet screen is a chunk of its own, loaded when opened: most visits never need it.
const WalletScreen = lazy(() =>
  import('../features/wallet/WalletScreen.js').then((m) => ({ default: m.WalletScreen })),
);

const SCREENS: Record<Route, ComponentType> = {
  home: HomeScreen,
  earnings: EarningsScreen,
  wallet: WalletScreen,
  network: NetworkScreen,
  settings: SettingsScreen,
  diagnostics: DiagnosticsScreen,
};

export function App() {
  const connection = useApp((s) => s.connection);
  const route = useApp((s) => s.route);
  const onboarded = useApp((s) => s.settings.data?.onboarded);
  const hasState = useApp((s) => s.state !== null);
  const mainRef = useRef<HTMLElement>(null);

  // A new screen moves focus to its content, so keyboard and screen reader users land on it.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [route]);

  useEffect(() => {
    document.title = onboarded === false ? 'Welcome · io-provider' : 'io-provider node';
  }, [onboarded]);

  if (connection.kind === 'unauthorized') return <Unauthorized reason={connection.reason} />;

  if (onboarded === false)
    return (
      <div className="content">
        <ConnectionBanner />
        <main id="main" ref={mainRef} tabIndex={-1}>
          <OnboardingScreen />
        </main>
      </div>
    );

  const Screen = SCREENS[route];
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        Skip to content
      </a>
      <Nav />
      <div className="content">
        <ConnectionBanner />
        <main id="main" ref={mainRef} tabIndex={-1} data-screen={route}>
          {hasState || connection.kind === 'open' ? (
            <Suspense fallback={<Loading what="the screen" />}>
              <Screen />
            </Suspense>
          ) : (
            <Loading what="the node" />
          )}
        </main>
      </div>
    </div>
  );
}
