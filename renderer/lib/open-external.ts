// Opens a link in the owner's default browser: in Electron through the preload's openExternal (which
// checks it against an allow-list; windows of the app itself may not open), in a browser a new tab.
type WithOpenExternal = { api?: { openExternal?: (url: string) => Promise<void> | void } };

export function openExternal(url: string, win: Window = window): void {
  const bridge = (win as unknown as WithOpenExternal).api;
  if (bridge?.openExternal) {
    void bridge.openExternal(url);
    return;
  }
  win.open(url, '_blank', 'noopener,noreferrer');
}
