// The GPU worker process seen from the main side: an endless shader is killed within its budget,
// a crashed worker is replaced, bad requests get clear errors, and a machine with no adapter gets a
// sentence, not a crash.
import { afterEach, describe, expect, it } from 'vitest';
import { GpuTaskError, GpuTimeoutError, GpuWorkerCrashedError } from '../../main/gpu/host/errors.js';
import { GpuWorkerClient } from '../../main/gpu/host/gpu-worker-client.js';
import { nodeForkSpawner } from '../../main/gpu/host/worker-process.js';
import { spinReference } from '../../main/gpu/worker/kernels/spin.js';

const clients: GpuWorkerClient[] = [];
function client(env?: NodeJS.ProcessEnv, submitBudgetMs = 20_000): GpuWorkerClient {
  const c = new GpuWorkerClient({ spawner: nodeForkSpawner({ env }), submitBudgetMs });
  clients.push(c);
  return c;
}
afterEach(() => clients.splice(0).forEach((c) => c.stop()));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('GPU worker watchdog', () => {
  it('kills a worker stuck in an endless shader within its budget, then serves the next task', async () => {
    const gpu = client();
    await gpu.call('adapter-info', {}); // warm: the budget below measures the shader, not start-up
    const stuckPid = gpu.workerPid!;
    const budgetMs = 1500;
    const started = performance.now();
    const error = await gpu
      .call('spin', { rounds: 0xffffffff, seed: 1 }, { submitBudgetMs: budgetMs })
      .catch((e) => e);
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(GpuTimeoutError);
    expect((error as Error).message).toMatch(/stopped answering for 1500 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(budgetMs - 50);
    expect(elapsed).toBeLessThan(budgetMs + 1000);
    await expect.poll(() => isAlive(stuckPid), { timeout: 3000 }).toBe(false);

    const result = await gpu.call('spin', { rounds: 3, seed: 9 });
    expect(result.state).toBe(spinReference(3, 9));
    expect(gpu.workerPid).not.toBe(stuckPid);
    expect(gpu.restarts).toBe(1);
  });

  it('reports a worker that dies mid-task as a crash and starts a fresh one', async () => {
    const gpu = client();
    await gpu.call('adapter-info', {});
    const pending = gpu.call('spin', { rounds: 0xffffffff, seed: 2 });
    setTimeout(() => process.kill(gpu.workerPid!, 'SIGKILL'), 300); // what an OOM kill looks like
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(GpuWorkerCrashedError);
    expect((error as Error).message).toMatch(/killed by SIGKILL/);
    expect((await gpu.call('spin', { rounds: 1, seed: 4 })).state).toBe(spinReference(1, 4));
  });

  it('answers malformed params and unknown tasks with clear errors and keeps serving', async () => {
    const gpu = client();
    const bad = await gpu.call('spin', { rounds: -1, seed: 0 }).catch((e) => e);
    expect(bad).toBeInstanceOf(GpuTaskError);
    expect((bad as GpuTaskError).code).toBe('bad-request');
    expect((bad as Error).message).toMatch(/rounds/);
    const unknown = await (gpu.call as (t: string, p: unknown) => Promise<unknown>)('mine-bitcoin', {}).catch(
      (e) => e,
    );
    expect((unknown as Error).message).toMatch(/unknown GPU task "mine-bitcoin"/);
    expect((await gpu.call('spin', { rounds: 2, seed: 3 })).state).toBe(spinReference(2, 3));
    expect(gpu.restarts).toBe(0);
  });

  it('says plainly that there is no adapter when no GPU driver is present', async () => {
    const gpu = client({
      VK_ICD_FILENAMES: '/nonexistent/icd.json',
      VK_DRIVER_FILES: '/nonexistent/icd.json',
    });
    const error = await gpu.call('adapter-info', {}).catch((e) => e);
    expect(error).toBeInstanceOf(GpuTaskError);
    expect((error as GpuTaskError).code).toBe('no-adapter');
    expect((error as Error).message).toMatch(/No WebGPU adapter found/);
  });
});

describe('GPU adapter', () => {
  it('reports the adapter and flags a software one', async () => {
    const report = await client().call('adapter-info', {});
    expect(report.description.length).toBeGreaterThan(0);
    expect(report.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    if (/llvmpipe/.test(report.description)) {
      expect(report.isSoftware).toBe(true);
      expect(report.kind).toBe('software');
    }
    if (process.env.CI) expect(report.description).toMatch(/llvmpipe/); // CI must test on lavapipe
  });
});
