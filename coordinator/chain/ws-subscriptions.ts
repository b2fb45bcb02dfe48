// The PubSub side of the RPC: web3.js 1.x confirms transactions only through signatureSubscribe, and
// wallets watch balances through accountSubscribe. Notifications follow commits to disk, so a
// "confirmed" notification never names a transaction a crash could lose.
import type { Address } from '@solana/kit';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Ledger } from './ledger.js';
import { encodeAccount, encodeOptions, type EncodeOptions } from './rpc-context.js';
import { addressParam, configParam, invalidParams, stringParam, uintParam } from './rpc-params.js';
import { handleJsonRpc, unknownMethod } from './rpc-server.js';
import type { TxRecord } from './tx-record.js';

const MAX_SUBSCRIPTIONS_PER_SOCKET = 1000;
// A closed account is reported as empty and owned by the system program, as Agave does.
const CLOSED_ACCOUNT = {
  data: ['', 'base64'],
  executable: false,
  lamports: 0,
  owner: '11111111111111111111111111111111',
  rentEpoch: 0,
  space: 0,
};

interface Subscription {
  id: number;
  socket: WebSocket;
  kind: 'signature' | 'account' | 'slot';
  key: string;
  encoding: EncodeOptions;
}

export interface SubscriptionServer {
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 500;

export function serveSubscriptions(
  wss: WebSocketServer,
  ledger: Ledger,
  log: (m: string) => void,
): SubscriptionServer {
  let nextId = 1;
  const bySocket = new Map<WebSocket, Map<number, Subscription>>();
  const byKey = {
    signature: new Map<string, Set<Subscription>>(),
    account: new Map<string, Set<Subscription>>(),
  };
  const slotSubs = new Set<Subscription>();

  const notify = (sub: Subscription, method: string, result: unknown): void => {
    if (sub.socket.readyState !== sub.socket.OPEN) return;
    sub.socket.send(JSON.stringify({ jsonrpc: '2.0', method, params: { result, subscription: sub.id } }));
  };

  const remove = (sub: Subscription): boolean => {
    const existed = bySocket.get(sub.socket)?.delete(sub.id) ?? false;
    if (sub.kind === 'slot') slotSubs.delete(sub);
    else {
      const set = byKey[sub.kind].get(sub.key);
      set?.delete(sub);
      if (set?.size === 0) byKey[sub.kind].delete(sub.key);
    }
    return existed;
  };

  // Signature subscriptions are one-shot, as on Agave: notified once, then gone.
  const notifySignature = (sub: Subscription, record: TxRecord): void => {
    notify(sub, 'signatureNotification', { context: { slot: record.slot }, value: { err: record.err } });
    remove(sub);
  };

  const notifyAccount = (sub: Subscription): void => {
    const account = ledger.svm.getAccount(sub.key as Address);
    const value = encodeAccount(account, sub.encoding, ledger.decimalsOf) ?? CLOSED_ACCOUNT;
    notify(sub, 'accountNotification', { context: { slot: ledger.slot }, value });
  };

  const onCommitted = (record: TxRecord): void => {
    for (const sub of [...(byKey.signature.get(record.signature) ?? [])]) notifySignature(sub, record);
    for (const key of record.accounts) for (const sub of byKey.account.get(key) ?? []) notifyAccount(sub);
  };
  const onSlot = (slot: number): void => {
    for (const sub of slotSubs) notify(sub, 'slotNotification', { parent: slot - 1, root: slot, slot });
  };
  ledger.events.on('committed', onCommitted);
  ledger.events.on('slot', onSlot);

  const subscribe = (
    socket: WebSocket,
    kind: Subscription['kind'],
    key: string,
    encoding: EncodeOptions,
  ): Subscription => {
    const own = bySocket.get(socket);
    if (!own || own.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      throw invalidParams(`at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`);
    }
    const sub: Subscription = { id: nextId++, socket, kind, key, encoding };
    own.set(sub.id, sub);
    if (kind === 'slot') slotSubs.add(sub);
    else byKey[kind].set(key, (byKey[kind].get(key) ?? new Set()).add(sub));
    return sub;
  };

  const unsubscribe = (socket: WebSocket, kind: Subscription['kind'], params: unknown[]): boolean => {
    const sub = bySocket.get(socket)?.get(uintParam(params, 0, 'subscription id'));
    if (!sub || sub.kind !== kind || !remove(sub)) throw invalidParams('Invalid subscription id.');
    return true;
  };

  wss.on('connection', (socket: WebSocket) => {
    bySocket.set(socket, new Map());
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      // Work that must follow the response on the wire (an already-known signature's notification).
      const after: (() => void)[] = [];
      const call = (method: string, params: unknown[]): unknown => {
        switch (method) {
          case 'signatureSubscribe': {
            const signature = stringParam(params, 0, 'signature');
            configParam(params, 1);
            const sub = subscribe(socket, 'signature', signature, { encoding: 'base64' });
            const record = ledger.getRecord(signature);
            if (record) after.push(() => notifySignature(sub, record));
            return sub.id;
          }
          case 'accountSubscribe': {
            const address = addressParam(params, 0);
            const config = configParam(params, 1);
            return subscribe(socket, 'account', address, encodeOptions({ encoding: 'base64', ...config })).id;
          }
          case 'slotSubscribe':
            return subscribe(socket, 'slot', '', { encoding: 'base64' }).id;
          case 'signatureUnsubscribe':
            return unsubscribe(socket, 'signature', params);
          case 'accountUnsubscribe':
            return unsubscribe(socket, 'account', params);
          case 'slotUnsubscribe':
            return unsubscribe(socket, 'slot', params);
          default:
            throw unknownMethod(method);
        }
      };
      const body = isBinary ? '' : data.toString('utf8');
      void handleJsonRpc(body, call, log).then((response) => {
        if (response !== null && socket.readyState === socket.OPEN) socket.send(response);
        for (const task of after) task();
      });
    });
    socket.on('close', () => {
      for (const sub of [...(bySocket.get(socket)?.values() ?? [])]) remove(sub);
      bySocket.delete(socket);
    });
    socket.on('error', () => socket.terminate());
  });

  return {
    // Code 1000 tells rpc-websockets (web3.js) not to reconnect in a loop; web3.js reconnects by
    // itself when it next subscribes. A client that does not answer the close is cut off.
    async close() {
      ledger.events.off('committed', onCommitted);
      ledger.events.off('slot', onSlot);
      const sockets = [...bySocket.keys()];
      const closed = sockets.map((socket) => new Promise((done) => socket.once('close', done)));
      for (const socket of sockets) socket.close(1000, 'local chain stopped');
      const grace = new Promise((done) => setTimeout(done, CLOSE_GRACE_MS).unref());
      await Promise.race([Promise.all(closed), grace]);
      for (const socket of sockets) socket.terminate();
    },
  };
}
