// Starting and stopping the GPU worker around one CLI command.
import { GpuTaskError } from '../gpu/host/errors.js';
import { GpuWorkerClient } from '../gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../gpu/host/worker-process.js';

export async function withGpuWorker<T>(body: (client: GpuWorkerClient) => Promise<T>): Promise<T> {
  const client = new GpuWorkerClient({ spawner: nodeForkSpawner() });
  try {
    return await body(client);
  } finally {
    client.stop();
  }
}

/** Exit code 2 and one clear sentence when there is no adapter; anything else is a real failure. */
export function reportCommandError(error: unknown): void {
  if (error instanceof GpuTaskError && error.code === 'no-adapter') {
    process.stderr.write(`io-provider: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`io-provider: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
