// A device's WebSocket (GET /v1/events, signed like any request) for tests: events arrive in order,
// `next()` waits for the next one, `events` holds those nobody waited for yet.
import WebSocket from 'ws';
import type { Coordinator } from '../../coordinator/coordinator.js';
import type { DeviceEvent } from '../../common/network-api.js';
import { signRequest } from '../../common/node/signed-request.js';
import type { SimDevice } from './sim-device.js';

export interface EventListener {
  events: DeviceEvent[];
  next(): Promise<DeviceEvent>;
  close(): void;
}

export function listen(c: Coordinator, device: SimDevice): Promise<EventListener> {
  const ws = new WebSocket(c.wsUrl, {
    headers: signRequest(device.identity, 'GET', '/v1/events', '', device.now()),
  });
  const events: DeviceEvent[] = [];
  const waiters: ((e: DeviceEvent) => void)[] = [];
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as DeviceEvent;
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else events.push(event);
  });
  return new Promise((resolve, reject) => {
    ws.on('open', () =>
      resolve({
        events,
        next: () => (events.length ? Promise.resolve(events.shift()!) : new Promise((r) => waiters.push(r))),
        close: () => ws.close(),
      }),
    );
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
}
