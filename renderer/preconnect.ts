// Runs before the app's bundle (index.html lists it first; it is a few hundred bytes): takes the
// token from the address bar and opens the node's event socket at once, so the connection is made
// while the browser evaluates the app (lib/early-socket.ts). Not in Electron, where IPC needs none.
import { openEarlySocket } from './lib/early-socket.js';
import { takeToken } from './lib/token.js';

if (!window.api) {
  const token = takeToken(window);
  if (token) openEarlySocket(window, token);
}
