// The headless node (`io-provider run`, the tests, the benchmarks): the GPU worker as a forked Node
// process, the OS's own idle source, and the loopback dashboard, which also serves the page a
// browser wallet connects through (its origin is known once the server listens).
import { nodeForkSpawner } from '../gpu/host/worker-process.js';
import { composeNode, type ComposeNodeOptions, type ComposedNode } from './compose-node.js';
import { loopbackUi } from './loopback-ui.js';
import { createBrowserWallet } from '../wallet/browser/browser-wallet.js';

export type HeadlessNodeOptions = Omit<ComposeNodeOptions, 'spawner' | 'ui'> & { dashboardPort?: number };

export async function startHeadlessNode(o: HeadlessNodeOptions): Promise<ComposedNode> {
  const { dashboardPort, ...rest } = o;
  // Links are opened only through a running node's API, by when `started.node` is set.
  const started: { node?: ComposedNode } = {};
  const browserWallet = createBrowserWallet({ origin: () => started.node?.ui.http?.origin ?? '' });
  started.node = await composeNode({
    browserWallet,
    ...rest,
    spawner: nodeForkSpawner(),
    ui: loopbackUi({ dataDir: o.dataDir, port: dashboardPort, publicRoutes: browserWallet.routes }),
  });
  return started.node;
}
