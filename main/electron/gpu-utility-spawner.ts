// The desktop app's GPU worker spawner: Electron's utilityProcess, the sandboxable child process
// Electron recommends for untrusted work. Same protocol and the same WorkerProcess interface as the
// headless fork spawner, so GpuWorkerClient and its watchdog do not know which one they drive.
// Not exercised by CI (no Electron binary there); the fork spawner runs the same worker entry.
import { utilityProcess } from 'electron';
import { gpuWorkerEnv } from '../gpu/host/worker-process.js';
import type { WorkerSpawner } from '../gpu/host/worker-process.js';

const STDERR_TAIL_CHARS = 4000;

export function utilityProcessSpawner(workerEntry: string): WorkerSpawner {
  return () => {
    const child = utilityProcess.fork(workerEntry, [], {
      serviceName: 'io-provider GPU worker',
      env: gpuWorkerEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      // utilityProcess reports only an exit code; a kill shows as a non-zero code.
      onExit: (listener) => child.once('exit', (code) => listener(code, null)),
      kill: () => void child.kill(),
      stderrTail: () => tail,
    };
  };
}
