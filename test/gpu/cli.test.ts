// The `io-provider` command as a person meets it: hardware shows the adapter (and says when it is a
// software one); with no GPU driver at all the commands explain instead of crashing.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hardwareInventorySchema } from '../../common/hardware.js';
import type { JobReceipt } from '../../common/job-receipt.js';

const exec = promisify(execFile);
const NO_DRIVERS = { VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json' };

/** Runs the CLI from source (no build needed) and returns its exit code and output. */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('io-provider CLI', () => {
  it('hardware --json prints one valid inventory object with the adapter', async () => {
    const { code, stdout } = await cli(['hardware', '--json']);
    expect(code).toBe(0);
    const inventory = hardwareInventorySchema.parse(JSON.parse(stdout));
    expect(inventory.adapter).not.toBeNull();
    if (inventory.adapter?.isSoftware) expect(inventory.notes.join(' ')).toMatch(/software/i);
  });

  it('benchmark without any GPU driver exits 2 with one clear sentence and no stack trace', async () => {
    const { code, stdout, stderr } = await cli(['benchmark', '--quick', '--json'], NO_DRIVERS);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/No WebGPU adapter found/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('run without any GPU driver says why and exits 2, leaving no node behind', async () => {
    const data = mkdtempSync(join(tmpdir(), 'cli-run-'));
    const { code, stderr } = await cli(['run', '--data', data], NO_DRIVERS);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /io-provider: the node stopped: No WebGPU adapter found: .*Install your GPU vendor driver/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(data, 'node.json'))).toBe(false);
  });

  it('hardware without any GPU driver still reports the machine, with the reason', async () => {
    const { code, stdout } = await cli(['hardware', '--json'], NO_DRIVERS);
    expect(code).toBe(0);
    const inventory = hardwareInventorySchema.parse(JSON.parse(stdout));
    expect(inventory.adapter).toBeNull();
    expect(inventory.adapterError).toMatch(/No WebGPU adapter found/);
    expect(inventory.cpu.cores).toBeGreaterThan(0);
  });
});

describe('io-provider run-job', () => {
  it('runs the documented example and prints its output hash and a receipt', async () => {
    const data = mkdtempSync(join(tmpdir(), 'cli-job-'));
    const { code, stdout } = await cli(['run-job', 'docs/examples/axpy.json', '--json', '--data', data]);
    expect(code).toBe(0);
    const { receipt } = JSON.parse(stdout) as { receipt: JobReceipt };
    expect(receipt.body.jobId).toBe('example-axpy');
    expect(receipt.body.outputs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a malformed spec with the fields named and a non-zero exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-job-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ version: 1, id: 'x y', deadlineMs: -1 }));
    const { code, stderr } = await cli(['run-job', file, '--data', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/job rejected: id: ids use letters/);
    expect(stderr).toMatch(/deadlineMs/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('io-provider prove', () => {
  it('answers the built-in verifier’s challenge and is accepted', async () => {
    const data = mkdtempSync(join(tmpdir(), 'cli-prove-'));
    const { code, stdout } = await cli(['prove', '--self-check', '--quick', '--json', '--data', data]);
    expect(code).toBe(0);
    const verdict = JSON.parse(stdout) as { accepted: boolean; n: number; reason: string };
    expect(verdict).toMatchObject({ accepted: true, n: 1024, reason: 'ok' });
  });
});
