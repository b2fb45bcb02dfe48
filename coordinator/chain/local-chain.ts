// The local Solana chain of the sandbox network: LiteSVM behind JSON-RPC (HTTP) and PubSub
// (WebSocket) on loopback, its state in a data folder, the IO mint and treasury made on first start.
// @solana/web3.js 1.x derives the WebSocket URL as the HTTP port + 1, so PubSub listens there (and on
// the HTTP port too, for clients given an explicit wsEndpoint).
import type { Address } from '@solana/kit';
import { MINT_SIZE } from '@solana/spl-token';
import type { Keypair } from '@solana/web3.js';
import { LiteSVM } from 'litesvm';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { loadOrCreateGenesis, loadOrCreateKeys, lockDataDir } from './chain-files.js';
import { ChainStore } from './chain-store.js';
import { createFaucet } from './faucet.js';
import { genesisTransaction, treasuryAddress } from './io-token.js';
import { Ledger, type SnapshotHeader } from './ledger.js';
import type { FaucetAmounts, FaucetResult, RpcContext } from './rpc-context.js';
import { readMethods } from './rpc-methods.js';
import { httpFront, unknownMethod } from './rpc-server.js';
import { txMethods } from './rpc-tx-methods.js';
import { serveSubscriptions } from './ws-subscriptions.js';

export interface LocalChainOptions {
  dataDir: string;
  /** HTTP JSON-RPC port; PubSub takes port + 1. 0 (the default) picks a free pair. */
  port?: number;
  host?: string;
  /** Slot length; tests shorten it to watch blockhashes expire. */
  slotMs?: number;
  /** Snapshot the bank after this many logged transactions (bounds replay time on restart). */
  snapshotEvery?: number;
  maxBodyBytes?: number;
  log?: (message: string) => void;
}

export interface LocalChain {
  rpcUrl: string;
  wsUrl: string;
  /** The IO mint (SPL Token, 9 decimals). */
  ioMint: string;
  /** The treasury: the authority's IO token account, holding the whole supply at genesis. */
  treasury: string;
  /** Mint authority and treasury owner; the network signs payouts with it. Also in dataDir/authority.json. */
  authority: Keypair;
  genesisHash: string;
  /** Sandbox faucet: whole SOL and/or IO to an owner address (or straight to an IO token account). */
  faucet(address: string, amounts: FaucetAmounts): Promise<FaucetResult>;
  /** Closes the servers, waits for pending writes and snapshots the bank. */
  stop(): Promise<void>;
}

const FAUCET_LAMPORTS = 1_000_000n * 1_000_000_000n;
const SYSTEM_PROGRAM = '11111111111111111111111111111111' as Address;

// The state before the first transaction: LiteSVM's defaults plus the faucet's SOL. It must be the
// same on every start, because the log replays on top of it until the first snapshot exists.
function baseBank(faucet: Keypair): LiteSVM {
  const svm = new LiteSVM();
  svm.setAccount({
    address: faucet.publicKey.toBase58() as Address,
    lamports: FAUCET_LAMPORTS as never,
    data: new Uint8Array(),
    programAddress: SYSTEM_PROGRAM,
    executable: false,
    space: 0n,
  });
  return svm;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : port);
    });
  });
}

const CLOSE_GRACE_MS = 1000;

// Lets requests in progress finish (a sender waiting on the log gets its answer), then cuts any
// keep-alive connection still open.
function close(server: Server): Promise<void> {
  return new Promise((done) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      done();
    });
    server.closeIdleConnections();
  });
}

// Binds HTTP on `port` and PubSub on port + 1; with port 0, retries until a free adjacent pair turns up.
async function bindPair(http: Server, pubsub: Server, port: number, host: string): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    const bound = await listen(http, port, host);
    try {
      await listen(pubsub, bound + 1, host);
      return bound;
    } catch (error) {
      await close(http);
      if (port !== 0 || attempt >= 20) throw error;
    }
  }
}

export async function startLocalChain(options: LocalChainOptions): Promise<LocalChain> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const unlock = lockDataDir(dataDir);
  let ledger: Ledger | null = null;
  const store = new ChainStore<SnapshotHeader>({
    dataDir,
    snapshotEvery: options.snapshotEvery ?? 2000,
    takeSnapshot: () => {
      if (!ledger) throw new Error('snapshot before the ledger exists');
      return ledger.takeSnapshot();
    },
  });
  try {
    const keys = loadOrCreateKeys(dataDir);
    const genesis = loadOrCreateGenesis(dataDir, keys, Date.now());
    const stored = await store.open();
    const svm = stored.snapshot ? LiteSVM.fromBytes(stored.snapshot.state) : baseBank(keys.faucet);
    // Admission (blockhash age, duplicates) is the ledger's job; LiteSVM knows only its latest hash.
    svm.withBlockhashCheck(false).withSigverify(true);
    ledger = new Ledger({
      svm,
      store,
      genesisHash: genesis.genesisHash,
      genesisTimeMs: genesis.createdAtMs,
      slotMs: options.slotMs ?? 400,
      now: Date.now,
    });
    if (stored.snapshot) ledger.restore(stored.snapshot);
    ledger.replay(stored.entries);
    const chain = ledger;

    if (!svm.getAccount(keys.mint.publicKey.toBase58() as Address).exists) {
      const tx = genesisTransaction({
        payer: keys.faucet,
        mint: keys.mint,
        authority: keys.authority,
        mintRentLamports: svm.minimumBalanceForRentExemption(BigInt(MINT_SIZE)),
        blockhash: chain.blockhash().blockhash,
      });
      await chain.submit(tx.serialize(), { skipPreflight: false });
    }

    const ctx: RpcContext = { ledger: chain, faucet: createFaucet(chain, keys) };
    const methods = { ...readMethods, ...txMethods };
    const call = (method: string, params: unknown[]): unknown => {
      const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
      if (!handler) throw unknownMethod(method);
      return handler(params, ctx);
    };
    const front = httpFront({ maxBodyBytes: options.maxBodyBytes ?? 1 << 20, call, log });
    const http = createServer(front);
    const pubsubHttp = createServer(front);
    const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    for (const server of [http, pubsubHttp]) {
      server.on('upgrade', (req, socket, head) => {
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      });
    }
    const subscriptions = serveSubscriptions(wss, chain, log);
    const port = await bindPair(http, pubsubHttp, options.port ?? 0, host);
    const ticker = setInterval(() => chain.advance(), options.slotMs ?? 400);
    ticker.unref();

    let stopping: Promise<void> | null = null;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      rpcUrl: `http://${urlHost}:${port}`,
      wsUrl: `ws://${urlHost}:${port + 1}`,
      ioMint: keys.mint.publicKey.toBase58(),
      treasury: treasuryAddress(keys.mint.publicKey, keys.authority.publicKey).toBase58(),
      authority: keys.authority,
      genesisHash: genesis.genesisHash,
      faucet: ctx.faucet,
      stop() {
        stopping ??= (async () => {
          clearInterval(ticker);
          await subscriptions.close();
          wss.close();
          await Promise.all([close(http), close(pubsubHttp)]);
          await store.close();
          unlock();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await store.close({ snapshot: false });
    unlock();
    throw error;
  }
}
