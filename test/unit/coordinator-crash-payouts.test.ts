// kill -9 of the sandbox network (local chain + coordinator in one process) while devices submit
// results and claim payouts, then a restart on the same data folder: no job lost, none credited
// twice, every payout paid or failed with a reason (none left 'sending'), no claim paid twice, and
// the ledger's paid totals equal the chain, per wallet and as what left the treasury.
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import Database from 'better-sqlite3';
import bs58 from 'bs58';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Payout } from '../../common/network-api.js';
import { FILES } from '../../coordinator/chain/chain-files.js';
import { ChainStore, decodeLog } from '../../coordinator/chain/chain-store.js';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { canaryJob } from '../../coordinator/workload/generator.js';
import { proveOverHttp } from '../coordinator/cpu-prover.js';
import { tempDir } from '../coordinator/harness.js';
import { SimDevice, type LeasedJob } from '../coordinator/sim-device.js';

const JOBS = 100;
const DEVICES = 6;
const CLAIM_EVERY = 2; // jobs between two claims of a device
const children: ChildProcess[] = [];
let network: SandboxNetwork | undefined;
afterEach(async () => {
  children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  vi.restoreAllMocks();
  await network?.stop();
  network = undefined;
});

interface Started {
  child: ChildProcess;
  url: string;
  rpcUrl: string;
  ioMint: string;
  treasury: string;
}

async function startChild(dataDir: string): Promise<Started> {
  const script = fileURLToPath(new URL('../coordinator/network-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, String(JOBS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, IO_TEST_SEND_DELAY_MS: '15', IO_TEST_SNAPSHOT_EVERY: '8' },
  });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, ...(JSON.parse(line) as Omit<Started, 'child'>) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sumOf = (amounts: string[]) => amounts.reduce((total, a) => total + BigInt(a), 0n);

/**
 * The transactions the chain's files hold (intact log records + snapshot records): what a restart
 * has. The log is read first: a snapshot taken meanwhile (which empties the log) holds all it held.
 */
function durableSignatures(chainDir: string): Set<string> {
  const signatures = new Set<string>();
  const logPath = join(chainDir, FILES.log);
  if (existsSync(logPath))
    for (const entry of decodeLog(readFileSync(logPath)).entries)
      signatures.add(bs58.encode(entry.wire.subarray(1, 65))); // one signer: count byte, then its signature
  const snapshotPath = join(chainDir, FILES.snapshot);
  if (existsSync(snapshotPath)) {
    const bytes = readFileSync(snapshotPath);
    const length = bytes.readUInt32LE(8);
    const { header } = JSON.parse(bytes.subarray(12, 12 + length).toString('utf8')) as {
      header: { records: { signature: string }[] };
    };
    for (const record of header.records) signatures.add(record.signature);
  }
  return signatures;
}

interface PayoutRow {
  id: string;
  device_id: string;
  claim_id: string;
  wallet: string;
  amount: string;
  state: 'sending' | 'paid' | 'failed';
  signature: string;
  reason: string;
}

interface Provider {
  sim: SimDevice;
  wallet: string;
  claims: number;
  /** The claim id in progress: asked again, the same id, until answered paid or failed. */
  claimId: string | null;
}

describe('coordinator crash safety with payouts', () => {
  it(
    'kill -9 mid-traffic with claims in flight: no job lost or credited twice, no claim paid twice, ledger = chain',
    { timeout: 60_000 },
    async () => {
      const dataDir = tempDir();
      const coordinatorDb = join(dataDir, 'coordinator', 'coordinator.sqlite');
      let net = await startChild(dataDir);
      let connection = new Connection(net.rpcUrl, 'confirmed');
      const treasury = new PublicKey(net.treasury);
      const treasuryStart = BigInt((await connection.getTokenAccountBalance(treasury)).value.amount);
      expect(treasuryStart).toBe(
        BigInt((await connection.getTokenSupply(new PublicKey(net.ioMint))).value.amount),
      );

      const providers: Provider[] = Array.from({ length: DEVICES }, () => ({
        sim: new SimDevice(net.url),
        wallet: Keypair.generate().publicKey.toBase58(),
        claims: 0,
        claimId: null,
      }));
      // Registered with no claim (a CPU adapter) and verified by an honest proof of GPU over HTTP.
      for (const p of providers) {
        expect((await p.sim.register(null)).body.status).toBe('pending');
        await proveOverHttp(p.sim);
        expect((await p.sim.request('GET', '/v1/devices/status')).body.status).toBe('verified');
      }

      const acknowledged = new Map<string, string>(); // job id -> "device amount", as the devices heard it
      const told = new Map<string, Payout>(); // "device claimId" -> the settled payout a device was told
      const unexpected: unknown[] = [];
      let claimsInFlight = 0;
      let lostWhileDown = 0;
      let running = true;
      let down = false;

      const claimOnce = async (p: Provider, claimId: string) => {
        claimsInFlight++;
        let reply;
        try {
          reply = await p.sim.request<Payout & { error?: string }>('POST', '/v1/payouts/claim', {
            claimId,
            wallet: p.wallet,
          });
        } finally {
          claimsInFlight--;
        }
        if (reply.status === 200 && reply.body.state === 'sending') {
          await sleep(50); // not settled yet: ask again with the same claim id
          return;
        }
        if (reply.status === 200) told.set(`${p.sim.id} ${claimId}`, reply.body);
        // Nothing verified left to claim: no payout was made, the id may be used again.
        else if (!(reply.status === 400 && reply.body.error === 'below-threshold'))
          unexpected.push(reply.body);
        p.claimId = null;
      };

      // Each device: lease, compute, submit, and every CLAIM_EVERY jobs claim its verified earnings
      // to its own wallet. A request whose answer was lost is repeated after the restart: a result as
      // is, a claim with the same claim id.
      const work = async (p: Provider) => {
        let retry: LeasedJob[] = [];
        let sinceClaim = 0;
        while (running) {
          try {
            if (p.claimId) {
              await claimOnce(p, p.claimId);
              continue;
            }
            if (!retry.length) {
              await p.sim.heartbeat();
              retry = (await p.sim.lease(2)).body.jobs;
              if (!retry.length) await sleep(100);
            }
            while (retry.length) {
              const reply = await p.sim.submit(retry[0]!);
              if (reply.body.outcome === 'accepted')
                acknowledged.set(reply.body.jobId, `${p.sim.id} ${reply.body.credited}`);
              // 409: already settled, by this device before the crash (its answer was lost) or late.
              else if (reply.status !== 409) unexpected.push(reply.body);
              retry.shift();
              if (++sinceClaim >= CLAIM_EVERY) {
                sinceClaim = 0;
                p.claimId = `claim-${p.claims++}`;
                break;
              }
            }
          } catch {
            if (down) lostWhileDown++;
            await sleep(down ? 50 : 0);
          }
        }
      };
      const workers = providers.map(work);

      // A kill -9 once job traffic is under way, a few payouts are paid and a payout is recorded
      // 'sending' on disk in the chosen window: 'landed' (its transfer is in the chain's files, the
      // coordinator has not recorded it paid: settling must find it, not pay again) or 'unsent'
      // (signed and reserved, not on chain: settling must send it, once). Then a restart.
      const chainDir = join(dataDir, 'chain');
      const paidCount = () => [...told.values()].filter((t) => t.state === 'paid').length;
      const crashes: { window: string; claimsInFlight: number; sending: number; inWindow: number }[] = [];
      const crash = async (window: 'landed' | 'unsent', minJobs: number) => {
        const probe = new Database(coordinatorDb, { readonly: true });
        const sendingNow = probe.prepare(`SELECT signature FROM payouts WHERE state = 'sending'`);
        const inWindow = (rows: { signature: string }[], chain: Set<string>) =>
          rows.filter((r) => chain.has(r.signature) === (window === 'landed'));
        const ready = () => {
          if (acknowledged.size < minJobs || paidCount() < 3) return false;
          const rows = sendingNow.all() as { signature: string }[];
          return rows.length > 0 && inWindow(rows, durableSignatures(chainDir)).length > 0;
        };
        const killBy = Date.now() + 15_000;
        while (!ready()) {
          expect(Date.now(), `traffic never reached a payout ${window}`).toBeLessThan(killBy);
          await sleep(1);
        }
        down = true;
        const claimsInFlightAtKill = claimsInFlight;
        net.child.kill('SIGKILL');
        await once(net.child, 'exit');
        probe.close();

        // What survived the kill, read from the files before anything restarts.
        const atKill = new Database(coordinatorDb, { readonly: true });
        const ledgerAtKill = new Map(
          (atKill.prepare('SELECT job_id, device_id, amount FROM ledger').all() as any[]).map((r) => [
            r.job_id as string,
            `${r.device_id} ${r.amount}`,
          ]),
        );
        const payoutsAtKill = atKill.prepare('SELECT * FROM payouts').all() as PayoutRow[];
        atKill.close();
        const onChainAtKill = durableSignatures(chainDir);
        const sendingAtKill = payoutsAtKill.filter((p) => p.state === 'sending');
        // Every credit and every payout a device was told about is on disk; each told 'paid' is in
        // the chain's own files (a kill -9 lost no transaction the chain had reported).
        for (const [jobId, credit] of acknowledged) expect(ledgerAtKill.get(jobId), jobId).toBe(credit);
        for (const [key, payout] of told) {
          const row = payoutsAtKill.find((r) => `${r.device_id} ${r.claim_id}` === key);
          expect(row, key).toMatchObject({
            state: payout.state,
            signature: payout.signature,
            amount: payout.amount,
          });
          if (payout.state === 'paid') expect(onChainAtKill.has(payout.signature), key).toBe(true);
        }
        crashes.push({
          window,
          claimsInFlight: claimsInFlightAtKill,
          sending: sendingAtKill.length,
          inWindow: inWindow(sendingAtKill, onChainAtKill).length,
        });

        net = await startChild(dataDir);
        connection = new Connection(net.rpcUrl, 'confirmed');
        for (const p of providers) (p.sim as { baseUrl: string }).baseUrl = net.url;
        down = false;
      };
      // A kill can miss its window: the payout may settle in the instant between the check and the
      // kill (seen on a loaded machine). Such a crash still counts for every check below, and the
      // window is tried again, three times at most.
      for (const [window, minJobs] of [
        ['landed', JOBS / 4],
        ['unsent', JOBS / 2],
      ] as const) {
        for (let attempt = 0; attempt < 3; attempt++) {
          await crash(window, minJobs);
          if (crashes.at(-1)!.inWindow > 0) break;
        }
      }

      // Traffic goes on until every job is verified...
      const deadline = Date.now() + 25_000;
      const verifiedJobs = async () =>
        ((await (await fetch(`${net.url}/v1/stats`)).json()) as { jobsVerified: number }).jobsVerified;
      while ((await verifiedJobs()) < JOBS && Date.now() < deadline) await sleep(50);
      running = false;
      await Promise.all(workers);
      // ...then each device settles the claim it had under way and claims what is left (a payout
      // still 'sending' after 5 s of asking is left so: the checks below name it).
      for (const p of providers) {
        for (const claimId of [p.claimId, 'final']) {
          if (!claimId) continue;
          p.claimId = claimId;
          for (let tries = 0; p.claimId && tries < 100; tries++) await claimOnce(p, p.claimId);
        }
        p.claimId = null;
      }

      // The devices' view: nothing verified left unpaid, paid = the sum of the payouts they were told.
      for (const p of providers) {
        const paid = sumOf(
          [...told]
            .filter(([key, t]) => key.startsWith(`${p.sim.id} `) && t.state === 'paid')
            .map(([, t]) => t.amount),
        );
        expect((await p.sim.earnings()).body).toMatchObject({
          pending: '0',
          verified: '0',
          paid: String(paid),
        });
      }

      // The chain: each wallet's IO, what left the treasury, and one successful transfer per paid payout.
      const walletBalance = new Map<string, bigint>();
      for (const p of providers) {
        const account = getAssociatedTokenAddressSync(new PublicKey(net.ioMint), new PublicKey(p.wallet));
        const info = await connection.getTokenAccountBalance(account).catch(() => null);
        walletBalance.set(p.wallet, BigInt(info?.value.amount ?? 0));
      }
      const treasuryEnd = BigInt((await connection.getTokenAccountBalance(treasury)).value.amount);
      const transfers = new Map<string, number>(); // payout id -> successful transactions carrying its memo
      for (const s of await connection.getSignaturesForAddress(treasury, { limit: 1000 })) {
        const id = /io-payout:([0-9a-f-]{36})/.exec(s.memo ?? '')?.[1];
        if (id && s.err === null) transfers.set(id, (transfers.get(id) ?? 0) + 1);
      }
      net.child.kill('SIGTERM');
      await once(net.child, 'exit');

      const db = new Database(coordinatorDb, { readonly: true });
      const jobs = db.prepare('SELECT id, state FROM jobs').all() as { id: string; state: string }[];
      const ledger = db.prepare('SELECT job_id, device_id, amount, state, payout_id FROM ledger').all() as {
        job_id: string;
        device_id: string;
        amount: string;
        state: string;
        payout_id: string | null;
      }[];
      const payouts = db.prepare('SELECT * FROM payouts').all() as PayoutRow[];
      db.close();

      expect(unexpected).toEqual([]);
      // Each window was hit by a kill that cut traffic, claims included, with a payout 'sending' on
      // disk in it.
      expect(lostWhileDown).toBeGreaterThan(0);
      for (const window of ['landed', 'unsent']) {
        const hit = crashes.some((c) => c.window === window && c.claimsInFlight > 0 && c.inWindow > 0);
        expect(hit, `a kill in the ${window} window: ${JSON.stringify(crashes)}`).toBe(true);
      }

      // No job lost, none credited twice.
      expect(jobs).toHaveLength(JOBS);
      expect(jobs.filter((j) => j.state !== 'verified')).toEqual([]);
      expect(ledger).toHaveLength(JOBS);
      expect(new Set(ledger.map((e) => e.job_id)).size).toBe(JOBS);
      for (const [jobId, credit] of acknowledged) {
        const entry = ledger.find((e) => e.job_id === jobId);
        expect(entry && `${entry.device_id} ${entry.amount}`, jobId).toBe(credit);
      }

      // Every payout settled: paid, or failed with its reason and its entries freed; none 'sending'.
      expect(payouts.filter((p) => p.state === 'sending')).toEqual([]);
      for (const p of payouts.filter((p) => p.state === 'failed')) {
        expect(p.reason, p.id).not.toBe('');
        expect(ledger.filter((e) => e.payout_id === p.id)).toEqual([]);
      }
      // Each claim id once per device, each paid payout the sum of its entries, moved once on chain;
      // a failed one never moved.
      expect(new Set(payouts.map((p) => `${p.device_id} ${p.claim_id}`)).size).toBe(payouts.length);
      for (const p of payouts) {
        const entries = ledger.filter((e) => e.payout_id === p.id);
        if (p.state === 'paid') {
          expect(entries.every((e) => e.state === 'paid')).toBe(true);
          expect(sumOf(entries.map((e) => e.amount)), p.id).toBe(BigInt(p.amount));
        }
        expect(transfers.get(p.id) ?? 0, `${p.claim_id} (${p.state})`).toBe(p.state === 'paid' ? 1 : 0);
      }
      // What the devices were told stands.
      for (const [key, payout] of told) {
        const row = payouts.find((r) => `${r.device_id} ${r.claim_id}` === key);
        expect(row, key).toMatchObject({
          state: payout.state,
          signature: payout.signature,
          amount: payout.amount,
        });
      }

      // Ledger totals equal the chain: everything credited was paid, per wallet to the wallet's token
      // account, and in all exactly what left the treasury.
      expect(ledger.filter((e) => e.state !== 'paid')).toEqual([]);
      const paid = payouts.filter((p) => p.state === 'paid');
      for (const p of providers) {
        const ledgerPaid = sumOf(
          ledger
            .filter((e) => paid.find((x) => x.id === e.payout_id)?.wallet === p.wallet)
            .map((e) => e.amount),
        );
        const payoutsPaid = sumOf(paid.filter((x) => x.wallet === p.wallet).map((x) => x.amount));
        expect(ledgerPaid, p.wallet).toBe(payoutsPaid);
        expect(walletBalance.get(p.wallet), p.wallet).toBe(ledgerPaid);
        expect(ledgerPaid, p.wallet).toBeGreaterThan(0n);
      }
      const totalPaid = sumOf(paid.map((p) => p.amount));
      expect(totalPaid).toBe(sumOf(ledger.map((e) => e.amount)));
      expect(treasuryStart - treasuryEnd).toBe(totalPaid);

      if (process.env.IO_TEST_VERBOSE)
        console.info(
          `kills: ${JSON.stringify(crashes)}; at the end ${paid.length} paid, ` +
            `${payouts.length - paid.length} failed`,
        );
    },
  );

  it(
    'a resend refused as AlreadyProcessed while the first send is still being written is not a failure',
    { timeout: 30_000 },
    async () => {
      // The first send's answer is lost while the chain has executed the transfer and is still writing
      // it to its log (a slow disk; on a cluster: processed, not yet visible to the node asked). The
      // retry finds no status, resends, and the chain refuses the duplicate with AlreadyProcessed: that
      // refusal says the transfer is under way, not that it never will be.
      network = await startNetwork({
        dataDir: tempDir(),
        params: { workload: null, minPayout: 1n, trustClaimedClass: true },
      });
      const net = network;
      const connection = new Connection(net.rpcUrl, 'confirmed');
      const treasuryStart = BigInt(
        (await connection.getTokenAccountBalance(new PublicKey(net.chain.treasury))).value.amount,
      );
      const device = new SimDevice(net.coordinatorUrl);
      expect((await device.register()).body.status).toBe('verified');
      await device.heartbeat();
      await net.coordinator.enqueue(Array.from({ length: 3 }, () => canaryJob(0)));
      let credited = 0n;
      for (const job of (await device.lease(3)).body.jobs)
        credited += BigInt((await device.submit(job)).body.credited);
      expect(credited).toBeGreaterThan(0n);
      const wallet = Keypair.generate().publicKey;
      const claim = (claimId: string) =>
        device.request('POST', '/v1/payouts/claim', { claimId, wallet: wallet.toBase58() });

      // The chain's log write of the next transaction waits for `release`.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let executed!: () => void;
      const inFlight = new Promise<void>((resolve) => (executed = resolve));
      const append = ChainStore.prototype.append;
      vi.spyOn(ChainStore.prototype, 'append').mockImplementationOnce(function (
        this: ChainStore<never>,
        entry,
      ) {
        const written = append.call(this, entry);
        executed();
        return held.then(() => written);
      });
      // The first send reaches the chain, and its answer is lost once the transfer has executed.
      const sendRaw = Connection.prototype.sendRawTransaction;
      vi.spyOn(Connection.prototype, 'sendRawTransaction').mockImplementationOnce(async function (
        this: Connection,
        ...args
      ) {
        void sendRaw.apply(this, args).catch(() => undefined);
        await inFlight;
        throw new Error('socket hang up');
      });

      const first = await claim('slow-disk');
      expect(first.body.state).toBe('sending');
      const retried = await claim('slow-disk');
      expect(retried.body).toMatchObject({ state: 'sending', signature: first.body.signature });
      release();
      let settled = await claim('slow-disk');
      for (let i = 0; settled.body.state === 'sending' && i < 20; i++) {
        await sleep(50);
        settled = await claim('slow-disk');
      }
      expect(settled.body).toMatchObject({
        state: 'paid',
        signature: first.body.signature,
        amount: String(credited),
      });
      // Nothing was freed for a second payout of the same earnings.
      expect((await claim('again')).body.error).toBe('below-threshold');

      const account = getAssociatedTokenAddressSync(new PublicKey(net.chain.ioMint), wallet);
      expect(BigInt((await connection.getTokenAccountBalance(account)).value.amount)).toBe(credited);
      const treasuryEnd = BigInt(
        (await connection.getTokenAccountBalance(new PublicKey(net.chain.treasury))).value.amount,
      );
      expect(treasuryStart - treasuryEnd).toBe(credited);
    },
  );
});
