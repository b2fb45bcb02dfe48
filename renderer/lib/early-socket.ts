// The node's event socket, opened by preconnect.ts while the app's code still loads and evaluates,
// and handed to the HTTP transport when it starts: the node's first state is then already waiting
// instead of being asked for after the app is ready (about a third of the time to the first paint).
// Messages that arrive before the hand-over are kept in order.
export interface EarlySocket {
  token: string;
  socket: WebSocket;
  /** Message texts received before the transport took the socket. */
  received: string[];
}

declare global {
  interface Window {
    __ioEarlySocket?: EarlySocket;
  }
}

export const eventsSocketUrl = (origin: string, token: string) =>
  `${origin.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`;

export function openEarlySocket(win: Window, token: string): void {
  const socket = new WebSocket(eventsSocketUrl(win.location.origin, token));
  const early: EarlySocket = { token, socket, received: [] };
  socket.onmessage = (message) => early.received.push(String(message.data));
  win.__ioEarlySocket = early;
}

/** The early socket for this token, once: null when there is none, or it closed already. */
export function takeEarlySocket(win: Window, token: string): EarlySocket | null {
  const early = win.__ioEarlySocket;
  delete win.__ioEarlySocket;
  if (!early || early.token !== token || early.socket.readyState > WebSocket.OPEN) {
    early?.socket.close();
    return null;
  }
  early.socket.onmessage = null;
  return early;
}
