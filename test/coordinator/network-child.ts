// The sandbox network (local chain + coordinator) in its own process, for the kill -9 payout test:
// `node --import tsx network-child.ts DIR JOBS` starts it on DIR, adds JOBS tier-0 jobs (canaries and
// a few Freivalds tiles) if the queue has never been filled, and prints one JSON line: the
// coordinator's URL, the chain's RPC URL, the IO mint and the treasury.
//
// Wired as coordinator/start-network.ts's startNetwork (same chain options, SANDBOX_PARAMS, fee top-up),
// with two test knobs startNetwork does not expose:
// - the chain snapshots its bank every IO_TEST_SNAPSHOT_EVERY transactions (default 8, against 2000),
//   so a kill -9 can land while a snapshot is written and the restart loads snapshot + log tail;
// - IO_TEST_SEND_DELAY_MS stalls the coordinator's payout sends that long before and again after the
//   transaction goes to the chain: it widens the windows a crash must not mishandle (payout recorded
//   'sending' but not sent; on chain but not yet recorded 'paid') without changing any logic.
import { Connection } from '@solana/web3.js';
import { join } from 'node:path';
import { loadOrCreateKeypair } from '../../coordinator/chain/chain-files.js';
import { startLocalChain } from '../../coordinator/chain/local-chain.js';
import { startCoordinator } from '../../coordinator/coordinator.js';
import { fundPayoutFees, SANDBOX_PARAMS } from '../../coordinator/start-network.js';
import { canaryJob, freivaldsJob } from '../../coordinator/workload/generator.js';
import { TILE_MEMORY } from './cpu-prover.js';

const [dataDir, jobs] = process.argv.slice(2);
if (!dataDir || !jobs) throw new Error('usage: network-child.ts DATA_DIR JOBS');

const delayMs = Number(process.env.IO_TEST_SEND_DELAY_MS ?? 0);
if (delayMs > 0) {
  const send = Connection.prototype.sendRawTransaction;
  const sleep = () => new Promise((resolve) => setTimeout(resolve, delayMs));
  Connection.prototype.sendRawTransaction = async function (this: Connection, ...args) {
    await sleep();
    const signature = await send.apply(this, args);
    await sleep();
    return signature;
  };
}

const chain = await startLocalChain({
  dataDir: join(dataDir, 'chain'),
  snapshotEvery: Number(process.env.IO_TEST_SNAPSHOT_EVERY ?? 8),
});
await fundPayoutFees(chain);
const coordinator = await startCoordinator({
  dataDir: join(dataDir, 'coordinator'),
  chain: {
    rpcUrl: chain.rpcUrl,
    ioMint: chain.ioMint,
    treasury: chain.treasury,
    authority: chain.authority,
    stakingKey: loadOrCreateKeypair(join(dataDir, 'coordinator', 'staking-key.json')),
  },
  params: {
    ...SANDBOX_PARAMS,
    workload: null, // a fixed set of jobs, so the test can count them
    proofChallenge: { n: 64, S: 2, k: 16, memory: TILE_MEMORY }, // a challenge the CPU prover answers at once
    leaseMs: 1500, // leases cut by the kill come back soon
    sweepMs: 250,
    minPayout: 1n, // every claim with anything verified pays
  },
});
const { n } = coordinator.db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number };
if (n === 0)
  await coordinator.enqueue(
    Array.from({ length: Number(jobs) }, (_, i) => (i % 5 === 4 ? freivaldsJob(0) : canaryJob(0))),
  );
process.stdout.write(
  `${JSON.stringify({
    url: coordinator.url,
    rpcUrl: chain.rpcUrl,
    ioMint: chain.ioMint,
    treasury: chain.treasury,
    pid: process.pid,
  })}\n`,
);
process.on('SIGTERM', () => {
  void (async () => {
    await coordinator.stop();
    await chain.stop();
    process.exit(0);
  })();
});
