// Reconnect delays: quick at first (a node restart takes a few seconds), then every few seconds, with
// jitter so several open dashboards do not knock in step.
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** attempt, 5_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
