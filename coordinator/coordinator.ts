// The reference coordinator: device registry, job queue with leases, verification and rewards over a
// durable SQLite store, served as HTTP JSON + WebSocket push. `startCoordinator` does all the I/O;
// `stop()` closes the server, the timers and the database.
import type { Keypair } from '@solana/web3.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, type NetworkInfo } from '../common/network-api.js';
import { DevicePush } from './http/push.js';
import { NonceRegistry } from './http/nonces.js';
import { createHandler } from './http/router.js';
import { openApiDocument } from './openapi.js';
import { resolveParams, type CoordinatorParams } from './params.js';
import { buildRoutes } from './routes.js';
import { DeviceService, type StakeLookup } from './service/devices.js';
import { JobQueue, tierOf, type NewJob } from './service/jobs.js';
import type { DeviceRow } from './service/lifecycle.js';
import { PayoutService } from './service/payouts.js';
import { ProofService } from './service/proofs.js';
import { ResultService } from './service/results.js';
import { createStakeLookup, StakingService } from './staking/staking-service.js';
import { openDatabase, type Db } from './store/database.js';
import { GroupCommit } from './store/group-commit.js';
import { generateJobs } from './workload/generator.js';
import { sql } from './store/statements.js';

export interface CoordinatorOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /**
   * The chain the network pays on (announced at GET /v1/network). With `authority` (the treasury's
   * owner, which signs transfers and pays their fees) payouts are made; without it claims get 503.
   */
  chain?: { rpcUrl: string; ioMint: string; treasury?: string; authority?: Keypair; stakingKey?: Keypair };
  params?: Partial<CoordinatorParams>;
  /** Staked IO per device; by default the device's staking vault on the chain (tests pass their own). */
  stakeOf?: StakeLookup;
  now?: () => number;
}

export interface Coordinator {
  url: string;
  wsUrl: string;
  db: Db;
  params: CoordinatorParams;
  devices: DeviceService;
  payouts: PayoutService;
  staking: StakingService;
  /** Adds jobs from outside the sandbox generator (tests, a job API later). */
  enqueue(jobs: NewJob[]): Promise<void>;
  /**
   * One sweep now: overdue proofs, stale proof challenges, statuses (inactive, cluster-ready), expired
   * leases, old nonces.
   */
  sweep(): Promise<void>;
  /** Tops up the sandbox workload now (it also runs on a timer). */
  refill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCoordinator(options: CoordinatorOptions): Promise<Coordinator> {
  const params = resolveParams(options.params);
  const now = options.now ?? Date.now;
  const db = openDatabase(options.dataDir);
  const commit = new GroupCommit(db);
  const nonces = new NonceRegistry(db, commit);
  // Devices are never deleted, so a device seen once stays registered: no query per request.
  const known = new Set<string>();
  const isRegistered = (id: string) =>
    known.has(id) || (devices.get(id) !== undefined && known.add(id) !== undefined);
  const push = new DevicePush({ nonces, isRegistered, now });
  const staking = new StakingService({
    db,
    commit,
    params,
    now,
    chain:
      options.chain?.authority && options.chain.stakingKey
        ? {
            rpcUrl: options.chain.rpcUrl,
            ioMint: options.chain.ioMint,
            cosigner: options.chain.stakingKey,
            payer: options.chain.authority,
          }
        : null,
  });
  const devices = new DeviceService({
    db,
    commit,
    params,
    now,
    stakeOf: options.stakeOf ?? createStakeLookup(staking),
    onStatusChanged: (deviceId, d) =>
      push.push(deviceId, {
        type: 'status-changed',
        status: d.status,
        reason: d.reason,
        nextCheckAt: d.nextCheckAt === null ? null : new Date(d.nextCheckAt).toISOString(),
      }),
    onProofDue: (deviceId) => push.push(deviceId, { type: 'proof-due' }),
  });
  const proofs = new ProofService({ db, commit, devices, params, now });
  const jobs = new JobQueue(db, params);
  const results = new ResultService(db, commit, params, now);
  const chain = options.chain;
  const payouts = new PayoutService({
    db,
    commit,
    params,
    now,
    chain: chain?.authority ? { ...chain, authority: chain.authority } : null,
  });
  const info: NetworkInfo = {
    rpcUrl: options.chain?.rpcUrl ?? null,
    ioMint: options.chain?.ioMint ?? null,
    decimals: 9,
    feeBps: Number(params.feeBps),
    leaseMs: params.leaseMs,
    heartbeatFreshMs: params.heartbeatFreshMs,
    minPayout: String(params.minPayout),
    unstakeCooldownMs: params.unstakeCooldownMs,
  };
  let document: Record<string, unknown> | undefined;
  const routes = buildRoutes({
    db,
    commit,
    devices,
    jobs,
    results,
    payouts,
    proofs,
    staking,
    info,
    now,
    openapi: () => (document ??= openApiDocument(routes)),
  });
  const server = createServer(
    createHandler({ routes, maxBodyBytes: params.maxBodyBytes, nonces, isRegistered, now }),
  );
  server.on('upgrade', (req, socket, head) => void push.upgrade(req, socket, head));
  server.on('clientError', (_error, socket) => socket.destroy());

  const announce = () => {
    const ready = sql(
      db,
      `SELECT id FROM devices WHERE status IN ('verified', 'cluster-ready') AND accepting = 1`,
    ).all() as { id: string }[];
    const ids = new Set(ready.map((r) => r.id));
    push.broadcast({ type: 'job-available', queued: jobs.queuedCount(0) + jobs.queuedCount(1) }, (id) =>
      ids.has(id),
    );
  };
  const enqueue = async (list: NewJob[]) => {
    const at = now();
    await commit.run(() => list.forEach((job) => jobs.enqueue(job, at)));
    announce();
  };
  const counter = { n: 0 };
  const refill = async () => {
    const workload = params.workload;
    if (!workload) return;
    const at = now();
    const rows = sql(
      db,
      `SELECT proven_class, accepting, last_heartbeat_at FROM devices WHERE status IN ('verified', 'cluster-ready')`,
    ).all() as Pick<DeviceRow, 'proven_class' | 'accepting' | 'last_heartbeat_at'>[];
    // Per tier with verified devices: how many are online and accepting, to take redundant twins.
    const online = new Map<number, number>();
    for (const r of rows) {
      const tier = tierOf(r.proven_class);
      const up =
        r.accepting && r.last_heartbeat_at !== null && at - r.last_heartbeat_at <= params.heartbeatFreshMs;
      online.set(tier, (online.get(tier) ?? 0) + (up ? 1 : 0));
    }
    const list: NewJob[] = [];
    for (const [tier, devicesOnline] of online) {
      const missing = workload.depthPerTier - jobs.queuedCount(tier);
      if (missing > 0) list.push(...generateJobs(workload, tier, missing, counter, devicesOnline >= 2));
    }
    if (list.length) await enqueue(list);
  };
  const sweep = async () => {
    const at = now();
    const requeued = await commit.run(() => {
      proofs.expire(at);
      return jobs.expire(at);
    });
    await devices.sweep();
    await nonces.purge(at);
    if (requeued) announce();
  };
  // Background tasks in flight, so stop() can wait for them before it closes the database (a sweep
  // half-way through when the timer is cleared would otherwise write to a closed connection).
  const running = new Set<Promise<void>>();
  let stopping = false;
  const guarded = (task: () => Promise<void>) => () => {
    if (stopping) return;
    const run = task()
      .catch((e: Error) => process.emitWarning(`coordinator: ${e.stack}`))
      .finally(() => running.delete(run));
    running.add(run);
  };
  const timers = [setInterval(guarded(sweep), params.sweepMs)];
  if (params.workload) timers.push(setInterval(guarded(refill), params.workload.refillMs));
  for (const t of timers) t.unref();

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  // A crash or an unreachable chain may have left payouts 'sending': settle them against the chain.
  guarded(() => payouts.resumeAll())();
  guarded(() => staking.resumeAll())();
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}${API_PREFIX}/events`,
    db,
    params,
    devices,
    payouts,
    staking,
    enqueue,
    sweep,
    refill,
    stop: async () => {
      stopping = true;
      for (const t of timers) clearInterval(t);
      push.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(running);
      await payouts.drain();
      await staking.drain();
      // Let a batch that is already scheduled land before the database goes away.
      await commit.run(() => undefined);
      db.close();
    },
  };
}
