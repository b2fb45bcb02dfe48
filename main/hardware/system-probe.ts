// The few systeminformation calls the inventory uses, behind an interface so tests can replay
// recorded outputs. Only the fields we read are typed, so fixtures stay small.
import { execFile } from 'node:child_process';
import os from 'node:os';
import si, { type Systeminformation } from 'systeminformation';

export type ProbeGpu = Pick<Systeminformation.GraphicsControllerData, 'vendor' | 'model' | 'bus' | 'vram'> &
  Partial<
    Pick<
      Systeminformation.GraphicsControllerData,
      'vramDynamic' | 'name' | 'driverVersion' | 'memoryTotal' | 'cores'
    >
  >;
export type ProbeCpu = Pick<
  Systeminformation.CpuData,
  'manufacturer' | 'brand' | 'cores' | 'physicalCores' | 'speed'
>;
export type ProbeMem = Pick<Systeminformation.MemData, 'total'>;
export type ProbeOs = Pick<Systeminformation.OsData, 'platform' | 'distro' | 'release' | 'arch'>;

export interface SystemProbe {
  graphics(): Promise<{ controllers: ProbeGpu[] }>;
  cpu(): Promise<ProbeCpu>;
  mem(): Promise<ProbeMem>;
  osInfo(): Promise<ProbeOs>;
}

const NVIDIA_SMI_TIMEOUT_MS = 4000;

/** The real probe. */
export function systemInformationProbe(): SystemProbe {
  return {
    async graphics() {
      // systeminformation runs nvidia-smi with execFileSync and no timeout (Linux and Windows): a
      // wedged NVIDIA driver would freeze this whole process, which no Promise timeout can undo. Ask
      // nvidia-smi asynchronously first and skip the GPU list if it does not answer.
      if (process.platform !== 'darwin' && (await nvidiaSmiHangs())) {
        throw new Error(
          `nvidia-smi did not answer within ${NVIDIA_SMI_TIMEOUT_MS / 1000} s (the NVIDIA driver may be stuck)`,
        );
      }
      return si.graphics();
    },
    cpu: () => si.cpu(),
    mem: () => si.mem(),
    osInfo: () => si.osInfo(),
  };
}

/** True only when nvidia-smi runs but does not finish; missing or failing quickly is fine. */
function nvidiaSmiHangs(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      'nvidia-smi',
      ['-L'],
      { timeout: NVIDIA_SMI_TIMEOUT_MS, killSignal: 'SIGKILL', windowsHide: true },
      (error) => resolve(error?.killed === true),
    );
  });
}

/** What Node knows without spawning anything: the fallback when a probe call fails or hangs. */
export function hostBasics(): { cpu: ProbeCpu; mem: ProbeMem; os: ProbeOs } {
  const first = os.cpus()[0];
  return {
    cpu: {
      manufacturer: '',
      brand: first?.model.trim() || 'unknown CPU',
      cores: os.availableParallelism(),
      physicalCores: 0,
      speed: first ? first.speed / 1000 : 0,
    },
    mem: { total: os.totalmem() },
    os: { platform: process.platform, distro: os.type(), release: os.release(), arch: process.arch },
  };
}
