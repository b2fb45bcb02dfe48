// Errors the caller of the GPU worker can tell apart and explain to a person.

export class GpuTimeoutError extends Error {
  override readonly name = 'GpuTimeoutError';
  constructor(
    readonly task: string,
    readonly budgetMs: number,
  ) {
    super(
      `GPU task "${task}" stopped answering for ${budgetMs} ms (a submit overran its budget); ` +
        'the GPU worker was killed and a fresh one will serve the next task',
    );
  }
}

export class GpuWorkerCrashedError extends Error {
  override readonly name = 'GpuWorkerCrashedError';
  constructor(
    readonly task: string,
    readonly exit: string,
    readonly stderrTail: string,
  ) {
    super(`GPU worker crashed during "${task}" (${exit}); a fresh one will serve the next task`);
  }
}

/** An error the worker reported on purpose (no adapter, bad params, device lost, ...). */
export class GpuTaskError extends Error {
  override readonly name = 'GpuTaskError';
  constructor(
    readonly task: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class GpuWorkerStoppedError extends Error {
  override readonly name = 'GpuWorkerStoppedError';
  constructor(readonly task: string) {
    super(`GPU worker was stopped before "${task}" finished`);
  }
}

/** The owner needed the GPU back and the running chunk did not end in time: the worker was killed. */
export class GpuPreemptedError extends Error {
  override readonly name = 'GpuPreemptedError';
  constructor(
    readonly task: string,
    readonly hardYieldMs: number,
  ) {
    super(
      `GPU task "${task}" was stopped: its chunk was still running ${hardYieldMs} ms after the owner ` +
        'needed the GPU back; it will run again later',
    );
  }
}
