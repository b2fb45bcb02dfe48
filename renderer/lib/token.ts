// The per-run token the node printed in the dashboard URL (?token=...). It is kept in sessionStorage
// (this tab only, gone when it closes) and removed from the address bar, so it does not end up in the
// history, a bookmark or a screenshot of the page.
const KEY = 'io-provider.token';

export function takeToken(win: Window = window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(KEY, fromUrl);
    } catch {
      // Storage disabled: the token lives in memory for this page only.
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
