// `io-provider benchmark [--quick] [--json]`: measures the GPU, prints a report or one JSON object.
import { runBenchmarkSuite } from '../gpu/host/benchmark-suite.js';
import { TuningCache } from '../gpu/host/tuning-cache.js';
import { collectInventory } from '../hardware/inventory.js';
import { defaultDataDir } from '../store/data-dir.js';
import { writeFileAtomic } from '../../common/node/atomic-file.js';
import { formatBenchmarkReport } from './format-benchmark.js';
import { renderBenchmarkHtml } from './html-report.js';
import { reportCommandError, withGpuWorker } from './gpu-client.js';
import { createProgress } from './progress.js';

export interface BenchmarkCommandOptions {
  quick?: boolean;
  json?: boolean;
  data?: string;
  /** Also write a self-contained HTML report to this file. */
  html?: string;
}

export async function benchmarkCommand(options: BenchmarkCommandOptions): Promise<void> {
  const progress = createProgress();
  try {
    const report = await withGpuWorker(async (client) => {
      progress.update('probing hardware', 0);
      const adapter = await client.call('adapter-info', {});
      const inventory = await collectInventory({ adapter });
      const gpu = inventory.gpus.find((g) => g.known) ?? inventory.gpus[0];
      return runBenchmarkSuite({
        client,
        quick: options.quick ?? false,
        tuningCache: new TuningCache(options.data ?? defaultDataDir()),
        gpuModel: gpu?.model ?? null,
        driverVersion: gpu?.driverVersion ?? null,
        onProgress: (step, fraction, label) => progress.update(`${step}: ${label}`, fraction),
      });
    });
    progress.done();
    if (options.html) writeFileAtomic(options.html, renderBenchmarkHtml(report, new Date()), 0o644);
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatBenchmarkReport(report)}\n`);
  } catch (error) {
    progress.done();
    reportCommandError(error);
  }
}
