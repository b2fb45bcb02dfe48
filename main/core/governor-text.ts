// The words of the governor's reasons. Kept together so the UI's vocabulary stays consistent:
// "Paused:" the owner or something on the PC stops us; "Waiting:" a condition that clears by itself;
// "Throttled:" running slower to stay cool; "Running:" and what allows it.

/** "2 h 14 min", "45 min", "3 h"; rounds up so a running snooze never reads "0 min". */
export function formatRemaining(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Waits under two minutes in seconds ("45 s", "90 s"), longer ones as formatRemaining. */
export function formatWait(ms: number): string {
  return ms < 120_000 ? `${Math.max(1, Math.ceil(ms / 1000))} s` : formatRemaining(ms);
}

/** "idle 2 of 5 min", or in seconds for thresholds under two minutes ("idle 40 of 60 s"). */
export function formatIdleProgress(idleSeconds: number, thresholdSeconds: number): string {
  const idle = Math.max(0, idleSeconds);
  if (thresholdSeconds < 120) return `idle ${Math.floor(idle)} of ${thresholdSeconds} s`;
  const threshold = Number((thresholdSeconds / 60).toFixed(1));
  return `idle ${Math.floor(idle / 60)} of ${threshold} min`;
}

/** "7 min", "1 h 5 min", "40 s": how long the owner has been away. */
export function formatIdleFor(idleSeconds: number): string {
  if (idleSeconds < 60) return `${Math.floor(idleSeconds)} s`;
  const minutes = Math.floor(idleSeconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes} min`;
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

export function formatCelsius(celsius: number): string {
  return `${Math.round(celsius)} C`;
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** "Throttled: 81 C" or, naming one of several GPUs, "Throttled (RTX 4090): 81 C". */
export function sentence(verb: string, detail: string, subject?: string): string {
  return subject ? `${verb} (${subject}): ${detail}` : `${verb}: ${detail}`;
}
