// A coordinator in its own process, for the kill -9 test: `node --import tsx coordinator-child.ts DIR N`
// starts it on DIR, adds N tiny canary jobs if the queue has never been filled, and prints its URL as
// one JSON line. Devices are trusted at registration (trustClaimedClass) so traffic starts at once.
import { startCoordinator } from '../../coordinator/coordinator.js';
import { canaryJob } from '../../coordinator/workload/generator.js';

const [dataDir, jobs] = process.argv.slice(2);
if (!dataDir || !jobs) throw new Error('usage: coordinator-child.ts DATA_DIR JOBS');
const coordinator = await startCoordinator({
  dataDir,
  params: { workload: null, trustClaimedClass: true, leaseMs: 1500, sweepMs: 250 },
});
const { n } = coordinator.db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number };
if (n === 0)
  await coordinator.enqueue(Array.from({ length: Number(jobs) }, () => canaryJob(0, { m: 8, n: 8, k: 8 })));
process.stdout.write(`${JSON.stringify({ url: coordinator.url, pid: process.pid })}\n`);
process.on('SIGTERM', () => void coordinator.stop().then(() => process.exit(0)));
