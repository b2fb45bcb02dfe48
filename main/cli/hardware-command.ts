// `io-provider hardware [--json]`: what the system probe and the WebGPU adapter say about this PC.
import { GpuTaskError } from '../gpu/host/errors.js';
import { collectInventory, formatInventory } from '../hardware/inventory.js';
import { reportCommandError, withGpuWorker } from './gpu-client.js';

export async function hardwareCommand(options: { json?: boolean }): Promise<void> {
  try {
    const inventory = await withGpuWorker(async (client) => {
      try {
        return await collectInventory({ adapter: await client.call('adapter-info', {}) });
      } catch (error) {
        // No adapter is a finding to show, not a failure of this command.
        if (error instanceof GpuTaskError && error.code === 'no-adapter') {
          return collectInventory({ adapter: null, adapterError: error.message });
        }
        throw error;
      }
    });
    process.stdout.write(options.json ? `${JSON.stringify(inventory)}\n` : `${formatInventory(inventory)}\n`);
  } catch (error) {
    reportCommandError(error);
  }
}
