// Malformed and hostile requests get JSON-RPC errors and the chain keeps serving; browsers get CORS;
// blockhashes expire after 150 slots.
import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, type Connection } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LocalChain } from '../../coordinator/chain/local-chain.js';
import { fundedKeypair, rawRpc, startChain, tempDir } from '../chain/chain-helpers.js';

// Short slots so 150 of them pass within the test.
const SLOT_MS = 4;
let dir: ReturnType<typeof tempDir>;
let chain: LocalChain;
let connection: Connection;

beforeAll(async () => {
  dir = tempDir();
  ({ chain, connection } = await startChain(dir.path, { slotMs: SLOT_MS, maxBodyBytes: 64 * 1024 }));
});

afterAll(async () => {
  await chain.stop();
  dir.remove();
});

const call = (method: string, params?: unknown) =>
  rawRpc(chain.rpcUrl, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));

describe('local chain request handling', () => {
  it('answers malformed requests with the JSON-RPC error codes', async () => {
    expect((await rawRpc(chain.rpcUrl, '{"jsonrpc":"2.0",')).json.error.code).toBe(-32700);
    expect((await rawRpc(chain.rpcUrl, '42')).json.error.code).toBe(-32600);
    expect((await rawRpc(chain.rpcUrl, '[]')).json.error.code).toBe(-32600);
    expect((await rawRpc(chain.rpcUrl, '{"jsonrpc":"1.0","id":1,"method":"getSlot"}')).json.error.code).toBe(
      -32600,
    );
    expect((await rawRpc(chain.rpcUrl, '{"jsonrpc":"2.0","id":{},"method":"getSlot"}')).json.error.code).toBe(
      -32600,
    );
    const unknown = await call('getValidatorSecrets');
    expect(unknown.json.error).toMatchObject({
      code: -32601,
      message: expect.stringContaining('getValidatorSecrets'),
    });
    expect((await call('__proto__')).json.error.code).toBe(-32601);
  });

  it('answers wrong parameters with -32602 and names the problem', async () => {
    expect((await call('getBalance', [42])).json.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('address'),
    });
    expect((await call('getBalance', { address: 'x' })).json.error.code).toBe(-32602);
    expect((await call('getAccountInfo', [chain.ioMint, { encoding: 'base64+zstd' }])).json.error.code).toBe(
      -32602,
    );
    expect((await call('sendTransaction', ['not a transaction'])).json.error.code).toBe(-32602);
    const garbage = Buffer.from('definitely not a transaction').toString('base64');
    expect((await call('sendTransaction', [garbage, { encoding: 'base64' }])).json.error.code).toBe(-32602);
    expect((await call('getTokenAccountBalance', [chain.ioMint])).json.error.message).toMatch(
      /not a Token account/,
    );
    expect((await call('getMultipleAccounts', [new Array(101).fill(chain.ioMint)])).json.error.code).toBe(
      -32602,
    );
    expect((await call('requestAirdrop', [chain.ioMint, -5])).json.error.code).toBe(-32602);
  });

  it('refuses an oversized body with 413 and keeps serving', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'getSlot',
      params: ['x'.repeat(200 * 1024)],
    });
    const refused = await rawRpc(chain.rpcUrl, big);
    expect(refused.status).toBe(413);
    expect(refused.json.error.code).toBe(-32600);
    expect((await call('getHealth')).json.result).toBe('ok');
  });

  it('answers batches in order, each on its own', async () => {
    const batch = [
      { jsonrpc: '2.0', id: 'a', method: 'getHealth' },
      { jsonrpc: '2.0', id: 'b', method: 'nope' },
      { jsonrpc: '2.0', id: 'c', method: 'getBalance', params: [chain.treasury] },
    ];
    const { json } = await rawRpc(chain.rpcUrl, JSON.stringify(batch));
    expect(json.map((r: { id: string }) => r.id)).toEqual(['a', 'b', 'c']);
    expect(json[0].result).toBe('ok');
    expect(json[1].error.code).toBe(-32601);
    expect(json[2].result.value).toBeGreaterThan(0);
  });

  it('answers a CORS preflight and marks responses for any origin', async () => {
    const preflight = await fetch(chain.rpcUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, solana-client',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type, solana-client');
    const response = await call('getSlot');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers bad WebSocket messages with errors and keeps the socket open', async () => {
    const socket = new WebSocket(chain.wsUrl);
    const replies: any[] = [];
    socket.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString('utf8'))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send('{oops');
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'getBalance', params: [chain.treasury] }));
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'signatureUnsubscribe', params: [999_999] }));
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'slotSubscribe' }));
    await expect.poll(() => replies.find((r) => r.method === 'slotNotification')).toBeTruthy();
    expect(replies.find((r) => r.id === null)?.error.code).toBe(-32700);
    expect(replies.find((r) => r.id === 2)?.error.code).toBe(-32601);
    expect(replies.find((r) => r.id === 3)?.error.code).toBe(-32602);
    socket.close();
  });

  it('expires a blockhash after 150 slots', async () => {
    const from = await fundedKeypair(chain);
    const { blockhash } = await connection.getLatestBlockhash();
    await new Promise((resolve) => setTimeout(resolve, 160 * SLOT_MS + 100));
    expect((await connection.isBlockhashValid(blockhash)).value).toBe(false);
    const tx = new Transaction({ feePayer: from.publicKey, recentBlockhash: blockhash }).add(
      SystemProgram.transfer({
        fromPubkey: from.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: LAMPORTS_PER_SOL,
      }),
    );
    tx.sign(from);
    await expect(connection.sendRawTransaction(tx.serialize())).rejects.toThrow(/BlockhashNotFound/);
    await expect(connection.sendRawTransaction(tx.serialize(), { skipPreflight: true })).rejects.toThrow(
      /BlockhashNotFound/,
    );
    expect(await connection.getBalance(from.publicKey)).toBe(10 * LAMPORTS_PER_SOL);
  });
});
