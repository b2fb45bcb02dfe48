// `io-provider network [--port P] [--data DIR]`: runs the sandbox network (local Solana chain +
// reference coordinator) standalone, prints where to reach it, and stops cleanly on Ctrl-C.
import { join } from 'node:path';
import { startNetwork } from '../../coordinator/start-network.js';
import { defaultDataDir } from '../store/data-dir.js';
import { parsePort } from './parse-port.js';

export interface NetworkCommandOptions {
  port?: string;
  data?: string;
}

export async function networkCommand(options: NetworkCommandOptions): Promise<void> {
  const port = parsePort(options.port);
  if (port === null) return;
  const dataDir = options.data ?? join(defaultDataDir(), 'network');
  let network;
  try {
    network = await startNetwork({ dataDir, port });
  } catch (error) {
    process.stderr.write(`io-provider: the sandbox network did not start: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    [
      'Sandbox network running (Ctrl-C stops it)',
      `  coordinator  ${network.coordinatorUrl}   (API description: ${network.coordinatorUrl}/openapi.json)`,
      `  chain RPC    ${network.rpcUrl}`,
      `  chain WS     ${network.wsUrl}`,
      `  IO mint      ${network.chain.ioMint}`,
      `  data         ${dataDir}`,
      '',
    ].join('\n'),
  );
  const stop = async () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await network.stop();
    process.stdout.write('Sandbox network stopped; its state is kept in the data folder.\n');
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
