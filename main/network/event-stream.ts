// The coordinator's push channel (GET /v1/events, signed like any request): 'job-available' and
// 'status-changed' wake the node at once instead of at its next poll. Events are hints, so a lost
// connection costs only latency; it reconnects with backoff while the node runs.
import WebSocket from 'ws';
import { deviceEventSchema, type DeviceEvent } from '../../common/network-api.js';
import { signRequest } from '../../common/node/signed-request.js';
import type { DeviceIdentity } from '../identity/device-identity.js';
import { Backoff } from './backoff.js';

const EVENTS_PATH = '/v1/events';

export function connectDeviceEvents(
  baseUrl: string,
  identity: DeviceIdentity,
  onEvent: (event: DeviceEvent) => void,
): () => void {
  const backoff = new Backoff(2_000, 60_000);
  let socket: WebSocket | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const connect = () => {
    const url = `${baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}${EVENTS_PATH}`;
    const ws = new WebSocket(url, { headers: signRequest(identity, 'GET', EVENTS_PATH, '') });
    socket = ws;
    ws.on('open', () => backoff.reset());
    ws.on('message', (data) => {
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return;
      }
      const event = deviceEventSchema.safeParse(json);
      if (event.success) onEvent(event.data);
    });
    // 'error' always comes with 'close'; the close schedules the retry.
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (stopped) return;
      timer = setTimeout(connect, backoff.next());
      timer.unref();
    });
  };
  connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    socket?.terminate();
  };
}
