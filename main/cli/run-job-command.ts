// `io-provider run-job FILE.json [--json]`: runs one job spec locally in the GPU worker and prints the
// output hashes, timings and the signed receipt, or exactly why the job was refused (exit code 1).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadOrCreateDeviceIdentity } from '../identity/device-identity.js';
import { executeJob, JobFailedError } from '../gpu/host/job-executor.js';
import { writeFileAtomic } from '../../common/node/atomic-file.js';
import { defaultDataDir } from '../store/data-dir.js';
import { reportCommandError, withGpuWorker } from './gpu-client.js';
import { createProgress } from './progress.js';

export interface RunJobOptions {
  json?: boolean;
  data?: string;
  /** Folder holding content-addressed inputs, each named by its sha256 (default: the spec's folder). */
  inputs?: string;
  /** Folder to write each output to, as binding<N>.bin. */
  out?: string;
}

export async function runJobCommand(file: string, options: RunJobOptions): Promise<void> {
  const progress = createProgress();
  try {
    const spec = readSpec(file);
    const inputsDir = resolve(options.inputs ?? dirname(file));
    const identity = loadOrCreateDeviceIdentity(options.data ?? defaultDataDir());
    const executed = await withGpuWorker((client) =>
      executeJob(
        {
          client,
          identity,
          loadInput: async (sha256) => {
            const path = [join(inputsDir, sha256), join(inputsDir, `${sha256}.bin`)].find((p) =>
              existsSync(p),
            );
            return path ? new Uint8Array(readFileSync(path)) : undefined;
          },
          onProgress: (fraction, label) => progress.update(label, fraction),
        },
        spec,
      ),
    );
    progress.done();
    for (const output of executed.result.outputs) {
      if (options.out)
        writeFileAtomic(join(options.out, `binding${output.binding}.bin`), output.bytes, 0o644);
    }
    const { timings } = executed.result;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ receipt: executed.receipt, timings })}\n`);
      return;
    }
    const lines = [`Job ${executed.spec.id} done on device ${identity.deviceId}`];
    for (const o of executed.receipt.body.outputs)
      lines.push(`  output binding ${o.binding}: ${o.size} bytes, sha256 ${o.sha256}`);
    lines.push(
      `  ${timings.chunks} chunks, ${timings.totalMs.toFixed(1)} ms in the worker, ${timings.kernelMs.toFixed(1)} ms on the GPU` +
        `${timings.pipelineCacheHit ? '' : ' (first run: includes compiling)'}`,
      `  receipt signature ${executed.receipt.signature}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    progress.done();
    if (error instanceof JobFailedError) {
      process.stderr.write(`io-provider: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    reportCommandError(error);
  }
}

function readSpec(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new JobFailedError(
      'job-rejected',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JobFailedError('job-rejected', `${file} is not JSON: ${(error as Error).message}`);
  }
}
