// What a node tells its UIs: the listeners, the last lines logged (for a dashboard opened later), and
// its state pushed only when something a person would see changed.
import type { DashboardEvent, NodeState } from '../../common/dashboard-api.js';

const RECENT_LINES = 100;

export class NodeEvents {
  private readonly listeners = new Set<(event: DashboardEvent) => void>();
  private lastShown = '';
  /** The last lines logged, oldest first (the proof at start, a refusal). */
  readonly recentLog: { at: number; message: string }[] = [];

  constructor(private readonly print?: (message: string) => void) {}

  on(listener: (event: DashboardEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  log(message: string): void {
    this.print?.(message);
    const line = { at: Date.now(), message };
    this.recentLog.push(line);
    if (this.recentLog.length > RECENT_LINES) this.recentLog.shift();
    this.emit({ type: 'log', ...line });
  }

  /** Pushes the state when anything shown changed (the clock alone does not count). */
  publishState(state: () => NodeState): void {
    if (!this.listeners.size) return;
    const next = state();
    const { updatedAt: _updatedAt, ...shown } = next;
    const key = JSON.stringify(shown);
    if (key === this.lastShown) return;
    this.lastShown = key;
    this.emit({ type: 'state', state: next });
  }

  emit(event: DashboardEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
