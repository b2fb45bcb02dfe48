// The screens reachable from the navigation, addressed by the URL hash (#/earnings) so the server only
// ever serves one page and a reload keeps the screen.
export const ROUTES = ['home', 'earnings', 'wallet', 'network', 'settings', 'diagnostics'] as const;
export type Route = (typeof ROUTES)[number];

export const ROUTE_LABELS: Record<Route, string> = {
  home: 'Home',
  earnings: 'Earnings',
  wallet: 'Wallet',
  network: 'Network',
  settings: 'Settings',
  diagnostics: 'Diagnostics',
};

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'home';
}
