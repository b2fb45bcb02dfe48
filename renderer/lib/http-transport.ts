// The browser transport of the headless node: the contract's calls as POST /api/call/<name> and the
// events over one WebSocket at /api/events, both with the per-run token, on this page's own origin.
// A dropped socket (the node stopped, restarted or was killed) is reported as 'lost' and reopened
// with backoff; the node pushes its state first on every new socket, so the UI resyncs by itself.
// Shapes are the contract's types; they are not parsed again here (see node-messages.ts).
import type { ProviderApi } from '../../common/dashboard-api.js';
import { ApiError } from './api-error.js';
import { eventsSocketUrl, takeEarlySocket } from './early-socket.js';
import { parseNodeEvent } from './node-messages.js';
import { reconnectDelayMs } from './backoff.js';
import type { ConnectionStatus, Transport, TransportListener } from './transport.js';

export function createHttpTransport(token: string | null, origin = window.location.origin): Transport {
  const listeners = new Set<TransportListener>();
  let status: ConnectionStatus = token
    ? { kind: 'connecting' }
    : { kind: 'unauthorized', reason: 'This page was opened without the token.' };
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = false;
  /** The first socket may be the one preconnect.ts opened while the app loaded. */
  let first = true;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const l of listeners) l.connection(next);
  };

  async function post(name: string, input: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${origin}/api/call/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      transport.reportUnreachable('the node does not answer');
      throw new ApiError('unreachable', 'The node does not answer.');
    }
    const body = (await res.json().catch(() => null)) as { error?: string; message?: string } | null;
    if (!res.ok) {
      if (res.status === 401) unauthorized();
      throw new ApiError(
        body?.error ?? 'failed',
        body?.message ?? `${res.status} ${res.statusText}`,
        res.status,
      );
    }
    return body;
  }

  const unauthorized = () => {
    socket?.close();
    setStatus({
      kind: 'unauthorized',
      reason: 'The node did not accept this page’s token (it changes when the node starts without it).',
    });
  };

  // One function per call name: the node refuses a name or an input outside the contract (400/404).
  const api = new Proxy({} as ProviderApi, {
    get: (_, name) => (typeof name === 'string' ? (input: unknown) => post(name, input) : undefined),
  });

  function scheduleReconnect(reason: string) {
    if (timer || status.kind === 'unauthorized') return;
    const delay = reconnectDelayMs(attempt);
    attempt += 1;
    setStatus({ kind: 'lost', attempt, retryAt: Date.now() + delay, reason });
    timer = setTimeout(() => {
      timer = null;
      void reconnect();
    }, delay);
  }

  /** Before reopening the socket, ask once over HTTP: a 401 means this token is no longer valid. */
  async function reconnect() {
    try {
      const res = await fetch(`${origin}/api/call/getState`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json' },
        body: '{}',
      });
      if (res.status === 401) return unauthorized();
    } catch {
      return scheduleReconnect('the node does not answer');
    }
    open();
  }

  function open() {
    if (!token) return;
    const early = first ? takeEarlySocket(window, token) : null;
    first = false;
    const ws = early?.socket ?? new WebSocket(eventsSocketUrl(origin, token));
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus({ kind: 'open' });
    };
    ws.onmessage = (message) => {
      const event = parseNodeEvent(String(message.data));
      if (event) for (const l of listeners) l.event(event);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      scheduleReconnect('the connection to the node closed');
    };
    if (early) {
      if (ws.readyState === WebSocket.OPEN) ws.onopen(new Event('open'));
      for (const text of early.received) ws.onmessage(new MessageEvent('message', { data: text }));
    }
  }

  const transport: Transport = {
    kind: 'http',
    api,
    subscribe(listener) {
      listeners.add(listener);
      listener.connection(status);
      if (!started && token) {
        started = true;
        open();
      }
      return () => listeners.delete(listener);
    },
    reconnectNow() {
      if (socket && socket.readyState <= WebSocket.OPEN) return;
      if (timer) clearTimeout(timer);
      timer = null;
      if (status.kind === 'unauthorized' && token) status = { kind: 'connecting' };
      void reconnect();
    },
    reportUnreachable(reason) {
      if (socket?.readyState === WebSocket.OPEN) return; // a blip; the socket says when it is really gone
      if (status.kind === 'open' || status.kind === 'connecting') scheduleReconnect(reason);
    },
    downloadEarningsCsv() {
      // A plain link download: the browser streams the file and names it from content-disposition.
      const a = document.createElement('a');
      a.href = `${origin}/api/earnings.csv?token=${encodeURIComponent(token ?? '')}`;
      a.download = '';
      document.body.append(a);
      a.click();
      a.remove();
      return Promise.resolve();
    },
  };
  return transport;
}
