// The headless node (`io-provider run`, the tests, the benchmarks): the GPU worker as a forked Node
// process, the OS's own idle source, and the loopback dashboard.
import { nodeForkSpawner } from '../gpu/host/worker-process.js';
import { composeNode, type ComposeNodeOptions, type ComposedNode } from './compose-node.js';
import { loopbackUi } from './loopback-ui.js';

export type HeadlessNodeOptions = Omit<ComposeNodeOptions, 'spawner' | 'ui'> & { dashboardPort?: number };

export function startHeadlessNode(o: HeadlessNodeOptions): Promise<ComposedNode> {
  const { dashboardPort, ...rest } = o;
  return composeNode({
    ...rest,
    spawner: nodeForkSpawner(),
    ui: loopbackUi({ dataDir: o.dataDir, port: dashboardPort }),
  });
}
