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

/** A fixed interval, or one read anew before each wait (the governor's pace changes). */
export type Interval = number | (() => number);
const msOf = (interval: Interval) => (typeof interval === 'number' ? interval : interval());

export interface Repeater {
  stop(): void;
  /** Runs the callback now and starts the next wait from here (the pace just got faster). */
  now(): void;
}

/** Calls `callback` every interval until stopped. */
export function repeat(clock: ServiceClock, interval: Interval, callback: () => void): Repeater {
  let timer: unknown;
  const tick = () => {
    timer = clock.setTimeout(tick, msOf(interval));
    callback();
  };
  timer = clock.setTimeout(tick, msOf(interval));
  return {
    stop: () => clock.clearTimeout(timer),
    now: () => {
      clock.clearTimeout(timer);
      tick();
    },
  };
}

export type PollResult<T> = { ok: true; value: T } | { ok: false; error: Error };

export interface PollOptions<T> {
  clock: ServiceClock;
  intervalMs: Interval;
  /** A read still running after this long counts as failed. */
  timeoutMs: number;
  read(): Promise<T>;
  /** Must not throw: it runs from timers and promise callbacks, where a throw would crash the app. */
  onResult(result: PollResult<T>): void;
}

/** Reads at once and then every intervalMs; `now()` reads at once again (unless a read is in flight). */
export function startPolling<T>(options: PollOptions<T>): Repeater {
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

  const repeater = repeat(clock, options.intervalMs, () => {
    if (!inFlight) readOnce();
  });
  readOnce();
  return {
    stop: () => {
      stopped = true;
      repeater.stop();
      clock.clearTimeout(deadline);
    },
    now: () => repeater.now(),
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
