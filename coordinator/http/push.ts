// WebSocket push for device events: a device opens GET /v1/events with the same signed headers as any
// request, and hears 'job-available' and 'status-changed' instead of polling for them. Events are
// hints: the device still leases and reads its status over HTTP, so a lost event costs only latency.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DeviceEvent } from '../../common/network-api.js';
import { ApiError } from '../service/api-error.js';
import { authenticate, type RouterOptions } from './router.js';

export const EVENTS_PATH = '/v1/events';

export class DevicePush {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly sockets = new Map<string, Set<WebSocket>>();

  constructor(private readonly auth: Pick<RouterOptions, 'nonces' | 'isRegistered' | 'now'>) {}

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      if (new URL(req.url ?? '/', 'http://x').pathname !== EVENTS_PATH)
        throw new ApiError(404, 'not-found', `WebSocket endpoint is ${EVENTS_PATH}`);
      const deviceId = (await authenticate(req, Buffer.alloc(0), 'signed', this.auth))!;
      const spent = this.auth.nonces.consume(
        deviceId,
        String(req.headers['x-io-nonce']),
        Number(req.headers['x-io-timestamp']),
      );
      if (spent === false)
        throw new ApiError(
          401,
          'replayed',
          'this request (device and nonce) was already used: replay refused',
        );
      await spent;
      this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(deviceId, ws));
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 500;
      const message = error instanceof ApiError ? error.message : 'internal error';
      socket.end(
        `HTTP/1.1 ${status} Refused\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}`,
      );
    }
  }

  push(deviceId: string, event: DeviceEvent): void {
    const text = JSON.stringify(event);
    for (const ws of this.sockets.get(deviceId) ?? []) ws.send(text);
  }

  broadcast(event: DeviceEvent, filter: (deviceId: string) => boolean = () => true): void {
    for (const deviceId of this.sockets.keys()) if (filter(deviceId)) this.push(deviceId, event);
  }

  close(): void {
    for (const set of this.sockets.values()) for (const ws of set) ws.terminate();
    this.sockets.clear();
    this.wss.close();
  }

  private attach(deviceId: string, ws: WebSocket): void {
    let set = this.sockets.get(deviceId);
    if (!set) this.sockets.set(deviceId, (set = new Set()));
    set.add(ws);
    ws.on('close', () => {
      set.delete(ws);
      if (!set.size) this.sockets.delete(deviceId);
    });
    ws.on('error', () => ws.terminate());
  }
}
