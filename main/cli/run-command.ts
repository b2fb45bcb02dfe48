// `io-provider run [--network URL] [--data DIR] [--port P]`: the headless provider node. With no
// URL it starts the embedded sandbox network too, so it earns (sandbox IO) with nothing configured.
// Prints the dashboard URL and a status line; Ctrl-C finishes the current job (or cancels it after
// a grace period; it is redone next start), sends the results it holds and stops.
import { formatIo } from '../../common/io-units.js';
import type { NodeState } from '../../common/dashboard-api.js';
import { GpuTaskError } from '../gpu/host/errors.js';
import { startHeadlessNode } from '../compose/headless-node.js';
import { defaultDataDir } from '../store/data-dir.js';
import { parsePort } from './parse-port.js';

export interface RunCommandOptions {
  network?: string;
  data?: string;
  port?: string;
}

function statusLine(s: NodeState): string {
  return `${s.headline} · verified ${formatIo(BigInt(s.earnings.verified))} · pending ${formatIo(BigInt(s.earnings.pending))}`;
}

export async function runCommand(options: RunCommandOptions): Promise<void> {
  const port = parsePort(options.port);
  if (port === null) return;
  const dataDir = options.data ?? defaultDataDir();
  const tty = process.stdout.isTTY;
  const log = (message: string) =>
    process.stderr.write(`${tty ? '\r\x1b[K' : ''}${new Date().toISOString()} ${message}\n`);
  let runtime;
  try {
    runtime = await startHeadlessNode({ dataDir, networkUrl: options.network, dashboardPort: port, log });
  } catch (error) {
    process.stderr.write(`io-provider: the node did not start: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const { node, ui, network } = runtime;
  for (const warning of runtime.warnings) process.stderr.write(`io-provider: ${warning}\n`);
  process.stdout.write(
    [
      `io-provider node ${node.o.identity.deviceId}`,
      `  dashboard  ${ui.url}`,
      `  network    ${node.o.client.url}${network ? '  (embedded sandbox network; its chain RPC: ' + network.rpcUrl + ')' : ''}`,
      `  data       ${dataDir}`,
      '  Ctrl-C stops it (the current job finishes first; results are kept).',
      '',
    ].join('\n'),
  );
  // A terminal gets a live line; a log (systemd, a file) gets a line when earning starts or stops, or
  // the reason for not earning changes,
  // and at most one a minute otherwise, so a node running for months does not fill the disk.
  let last = '';
  let lastPrintedAt = 0;
  let lastHeadline = '';
  node.onEvent((event) => {
    if (event.type !== 'state') return;
    const line = statusLine(event.state);
    if (line === last) return;
    last = line;
    if (tty) return void process.stdout.write(`\r\x1b[K${line}`);
    const headline = event.state.earning ? 'earning' : event.state.headline;
    if (headline === lastHeadline && Date.now() - lastPrintedAt < 60_000) return;
    lastHeadline = headline;
    lastPrintedAt = Date.now();
    process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  });
  let stopping = false;
  const stop = async () => {
    // A second Ctrl-C means now: safe, since everything owed is on disk (a kill -9 loses nothing).
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write(`${tty ? '\n' : ''}Stopping… (Ctrl-C again to stop at once)\n`);
    await runtime.stop();
    process.stdout.write('Stopped. Earnings and kept results are in the data folder.\n');
  };
  void node.finished.then(async (error) => {
    if (!error || stopping) return;
    stopping = true;
    process.stderr.write(`io-provider: the node stopped: ${error.message}\n`);
    await runtime.stop();
    process.exitCode = error instanceof GpuTaskError && error.code === 'no-adapter' ? 2 : 1;
  });
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
