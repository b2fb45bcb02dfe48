// Timers for the governor service, behind a clock interface so tests drive time by hand.
//
// A reader is polled at a fixed rate and never twice at once: a reader that hangs (a wedged GPU
// driver can block nvidia-smi or a sysfs read) reports a failure when its time is up, and no new
// read piles up behind it until it answers.

export interface ServiceClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: ServiceClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Calls `callback` every `ms` until the returned function is called. */
export function repeat(clock: ServiceClock, ms: number, callback: () => void): () => void {
  let timer: unknown;
  const tick = () => {
    timer = clock.setTimeout(tick, ms);
    callback();
  };
  timer = clock.setTimeout(tick, ms);
  return () => clock.clearTimeout(timer);
}

export type PollResult<T> = { ok: true; value: T } | { ok: false; error: Error };

export interface PollOptions<T> {
  clock: ServiceClock;
  intervalMs: number;
  /** A read still running after this long counts as failed. */
  timeoutMs: number;
  read(): Promise<T>;
  /** Must not throw: it runs from timers and promise callbacks, where a throw would crash the app. */
  onResult(result: PollResult<T>): void;
}

/** Reads at once and then every intervalMs; returns the stop function. */
export function startPolling<T>(options: PollOptions<T>): () => void {
  const { clock } = options;
  let stopped = false;
  let inFlight = false;
  let deadline: unknown;
  const deliver = (result: PollResult<T>) => {
    if (!stopped) options.onResult(result);
  };

  const readOnce = () => {
    inFlight = true;
    let answered = false;
    deadline = clock.setTimeout(() => {
      answered = true;
      deliver({ ok: false, error: new Error(`did not answer within ${options.timeoutMs} ms`) });
    }, options.timeoutMs);
    let reading: Promise<T>;
    try {
      reading = options.read();
    } catch (error) {
      reading = Promise.reject(error as Error);
    }
    void reading
      .then(
        (value): PollResult<T> => ({ ok: true, value }),
        (error: unknown): PollResult<T> => ({ ok: false, error: asError(error) }),
      )
      .then((result) => {
        inFlight = false;
        if (answered) return; // too late: its failure was already reported
        answered = true;
        clock.clearTimeout(deadline);
        deliver(result);
      });
  };

  const stopRepeating = repeat(clock, options.intervalMs, () => {
    if (!inFlight) readOnce();
  });
  readOnce();
  return () => {
    stopped = true;
    stopRepeating();
    clock.clearTimeout(deadline);
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
