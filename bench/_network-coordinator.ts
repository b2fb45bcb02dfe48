// The coordinator process for `npm run bench -- network`: `node --import tsx _network-coordinator.ts
// DIR JOBS` seeds JOBS tiny canary jobs, trusts claims so simulated devices start at once, and prints
// its URL as one JSON line. Its own process, as in a deployment: the clients get the other core.
import { startCoordinator } from '../coordinator/coordinator.js';
import { canaryJob } from '../coordinator/workload/generator.js';

const [dataDir, jobs] = process.argv.slice(2);
if (!dataDir || !jobs) throw new Error('usage: _network-coordinator.ts DATA_DIR JOBS');
const coordinator = await startCoordinator({ dataDir, params: { workload: null, trustClaimedClass: true } });
const batch = 1000;
for (let i = 0; i < Number(jobs); i += batch)
  await coordinator.enqueue(
    Array.from({ length: Math.min(batch, Number(jobs) - i) }, () => canaryJob(0, { m: 8, n: 8, k: 8 })),
  );
process.stdout.write(`${JSON.stringify({ url: coordinator.url, pid: process.pid })}\n`);
process.on('SIGTERM', () => void coordinator.stop().then(() => process.exit(0)));
