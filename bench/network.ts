// Coordinator throughput: lease + compute + submit + verify + credit cycles per second with N
// simulated devices over loopback. The coordinator runs in its own process (as deployed); the devices
// share this one. Jobs are tiny known-answer canaries, so what is measured is the coordinator's
// request path: signature and nonce checks, the lease, receipt verification, the durable credit.
// Signing is part of every real client's cycle (lease request, receipt, submit request: three ed25519
// signatures), so it stays in the loop; its cost is measured on its own and reported next to it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signRequest } from '../common/node/signed-request.js';
import { tempDir } from '../test/coordinator/harness.js';
import { SimDevice } from '../test/coordinator/sim-device.js';

export const description = 'coordinator dispatch+submit+verify cycles per second, 100 devices over loopback';

const arg = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

/** utime + stime of a process in ms, from /proc (Linux): the coordinator's own CPU time. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const deviceCount = arg(args, 'devices', 100);
  const seconds = arg(args, 'seconds', 5);
  const jobs = arg(args, 'jobs', 20_000);
  const script = fileURLToPath(new URL('./_network-coordinator.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, tempDir('io-bench-network-'), String(jobs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const { url, pid } = JSON.parse(line) as { url: string; pid: number };
    const devices = Array.from({ length: deviceCount }, () => new SimDevice(url));
    for (const d of devices) {
      await d.register();
      await d.heartbeat();
    }
    let cycles = 0;
    let refused = 0;
    let stop = false;
    const loop = async (device: SimDevice) => {
      while (!stop) {
        const [job] = (await device.lease(1)).body.jobs;
        if (!job) return;
        const reply = await device.submit(job);
        if (reply.body.outcome === 'accepted') cycles++;
        else refused++;
      }
    };
    const load = loadavg()[0]!;
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    const loops = devices.map(loop);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    stop = true;
    const measuredCycles = cycles;
    const elapsed = (performance.now() - started) / 1000;
    const coordinatorCpu = cpuMs(pid) - cpuBefore;
    await Promise.all(loops);

    // The client's signing on its own: three ed25519 signatures per cycle.
    const signStart = performance.now();
    for (let i = 0; i < 3000; i++) signRequest(devices[0]!.identity, 'POST', '/v1/results', '{}');
    const signMsPerCycle = (performance.now() - signStart) / 1000;
    return {
      devices: deviceCount,
      seconds: Number(elapsed.toFixed(2)),
      cycles: measuredCycles,
      cyclesPerSecond: Math.round(measuredCycles / elapsed),
      refused,
      coordinatorCpuMsPerCycle: Number((coordinatorCpu / measuredCycles).toFixed(3)),
      coordinatorCpuBoundCyclesPerSecond: Math.round((measuredCycles / coordinatorCpu) * 1000),
      clientSignMsPerCycle: Number(signMsPerCycle.toFixed(3)),
      // Other work on the machine takes cores from both sides: read the figures against this.
      loadAverageBefore: Number(load.toFixed(2)),
      note: 'coordinator in its own process, 100 clients in this one on the same 2 cores; cycles include client signing',
    };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
