// Pause, Snooze 1/3/6/12 h, Finish then pause, Run now, Auto: the current mode is pressed.
import { SNOOZE_HOURS } from '../../../common/snooze.js';
import type { GovernorMode } from '../../../common/governor.js';
import { formatDuration, formatWhen } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import type { ModeCommand } from '../../store/node-slice.js';
import { useNow } from '../../app/ui.js';

function describeMode(mode: GovernorMode, now: number): string {
  switch (mode.kind) {
    case 'auto':
      return 'Auto: computes when the PC is idle and the schedule allows.';
    case 'run-now':
      return 'Run now: computes whenever games, battery and temperature allow.';
    case 'paused':
      return 'Paused until you resume.';
    case 'snoozed':
      return `Snoozed: resumes ${mode.resumeTo === 'auto' ? 'Auto' : 'Run now'} at ${formatWhen(mode.until, now)} (in ${formatDuration(Math.max(0, mode.until - now))}).`;
    case 'finish-then-pause':
      return 'Finishing the current job, then pausing.';
  }
}

export function ModeControls({ mode }: { mode: GovernorMode }) {
  const busy = useApp((s) => s.command);
  const error = useApp((s) => s.commandError);
  const run = useApp((s) => s.runCommand);
  const now = useNow(mode.kind === 'snoozed' ? 1_000 : 30_000);
  const button = (command: ModeCommand, label: string, pressed: boolean, title?: string) => (
    <button
      type="button"
      aria-pressed={pressed}
      disabled={busy !== null}
      aria-busy={busy === command}
      title={title}
      onClick={() => void run(command)}
    >
      {label}
    </button>
  );
  return (
    <section className="card wide" aria-labelledby="controls-title">
      <h2 id="controls-title">When to compute</h2>
      <p id="mode" data-mode={mode.kind}>
        {describeMode(mode, now)}
      </p>
      <div className="buttons" role="group" aria-label="Mode">
        {button('auto', 'Auto', mode.kind === 'auto', 'Compute when idle and inside the schedule')}
        {button('run-now', 'Run now', mode.kind === 'run-now', 'Compute now, idle or not')}
        {button('paused', 'Pause', mode.kind === 'paused')}
        {button(
          'finish',
          'Finish then pause',
          mode.kind === 'finish-then-pause',
          'Complete the current job, take no new one, then pause',
        )}
      </div>
      <div className="group-label">
        <span id="snooze-label">Snooze</span>: pause, then resume by itself
      </div>
      <div className="buttons" role="group" aria-labelledby="snooze-label">
        {SNOOZE_HOURS.map((h) => (
          <button key={h} type="button" disabled={busy !== null} onClick={() => void run(`snooze-${h}`)}>
            {h} {h > 1 ? 'hours' : 'hour'}
          </button>
        ))}
        {mode.kind === 'snoozed' && (
          <span className="badge warn" data-testid="snooze-left">
            Snoozed · {formatDuration(Math.max(0, mode.until - now))} left
          </span>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
