// A scripted stand-in for the GPU worker process, for testing the client's protocol and watchdog
// logic without Dawn. The real worker is exercised in test/gpu/.
import type { WorkerControl, WorkerRequest } from '../../main/gpu/protocol.js';
import type { WorkerProcess, WorkerSpawner } from '../../main/gpu/host/worker-process.js';

export class FakeWorker implements WorkerProcess {
  static nextPid = 1000;
  readonly pid = FakeWorker.nextPid++;
  readonly received: (WorkerRequest | WorkerControl)[] = [];
  killed = false;
  private messageListener: ((m: unknown) => void) | undefined;
  private exitListener: ((code: number | null, signal: string | null) => void) | undefined;

  constructor(private readonly onRequest: (worker: FakeWorker, request: WorkerRequest) => void) {}

  send(message: WorkerRequest | WorkerControl): void {
    this.received.push(message);
    if (message.kind === 'request') this.onRequest(this, message);
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
    this.exit(null, 'SIGKILL');
  }
  stderrTail(): string {
    return 'fake stderr';
  }
  emit(message: unknown): void {
    this.messageListener?.(message);
  }
  exit(code: number | null, signal: string | null): void {
    this.exitListener?.(code, signal);
  }
}

export function fakeSpawner(onRequest: (worker: FakeWorker, request: WorkerRequest) => void): {
  spawner: WorkerSpawner;
  workers: FakeWorker[];
} {
  const workers: FakeWorker[] = [];
  return {
    workers,
    spawner: () => {
      const worker = new FakeWorker(onRequest);
      workers.push(worker);
      return worker;
    },
  };
}
