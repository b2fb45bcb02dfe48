// A local chain in its own process, for the kill -9 test: `node --import tsx chain-child.ts DIR [N]`
// starts it on DIR (snapshotting every N transactions) and prints its handle's URLs as one JSON line.
import { startLocalChain } from '../../coordinator/chain/local-chain.js';

const [dataDir, snapshotEvery] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: chain-child.ts DATA_DIR [SNAPSHOT_EVERY]');
const chain = await startLocalChain({
  dataDir,
  snapshotEvery: snapshotEvery ? Number(snapshotEvery) : undefined,
});
process.stdout.write(`${JSON.stringify({ rpcUrl: chain.rpcUrl, wsUrl: chain.wsUrl, pid: process.pid })}\n`);
process.on('SIGTERM', () => void chain.stop().then(() => process.exit(0)));
