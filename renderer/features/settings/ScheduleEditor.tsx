// Weekday windows "HH:MM-HH:MM": add, remove, pick days. An end at or before the start runs into the
// next morning (common/governor.ts). Used by Settings and the first-run screens.
import type { ScheduleWindow } from '../../../common/governor.js';

const DAYS = [1, 2, 3, 4, 5, 6, 0];
const dayName = (day: number, style: 'short' | 'long') =>
  new Intl.DateTimeFormat(navigator.language, { weekday: style }).format(new Date(2024, 0, 7 + day));

export const DEFAULT_WINDOW: ScheduleWindow = { days: [1, 2, 3, 4, 5], start: '20:00', end: '08:00' };

export function ScheduleEditor({
  windows,
  onChange,
  errors = {},
  idPrefix = 'schedule',
}: {
  windows: ScheduleWindow[];
  onChange(windows: ScheduleWindow[]): void;
  /** Messages by window index, from validation. */
  errors?: Record<number, string>;
  idPrefix?: string;
}) {
  const update = (i: number, patch: Partial<ScheduleWindow>) =>
    onChange(windows.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  return (
    <div>
      {windows.length === 0 && <p className="dim small">No windows: any hour is allowed.</p>}
      {windows.map((w, i) => (
        <div key={i} className="window-row" role="group" aria-label={`Window ${i + 1}`}>
          <div className="days">
            {DAYS.map((d) => (
              <label key={d} className="day">
                <input
                  type="checkbox"
                  checked={w.days.includes(d)}
                  onChange={(e) =>
                    update(i, {
                      days: e.target.checked ? [...w.days, d].sort() : w.days.filter((x) => x !== d),
                    })
                  }
                  aria-label={dayName(d, 'long')}
                />
                <span aria-hidden="true">{dayName(d, 'short')}</span>
              </label>
            ))}
          </div>
          <label className="inline">
            <span>From</span>
            <input
              type="time"
              id={`${idPrefix}-${i}-start`}
              value={w.start}
              onChange={(e) => update(i, { start: e.target.value })}
              required
            />
          </label>
          <label className="inline">
            <span>to</span>
            <input
              type="time"
              id={`${idPrefix}-${i}-end`}
              value={w.end === '24:00' ? '00:00' : w.end}
              onChange={(e) => update(i, { end: e.target.value })}
              required
            />
          </label>
          <button type="button" onClick={() => onChange(windows.filter((_, j) => j !== i))}>
            Remove
          </button>
          {errors[i] && (
            <p className="error" role="alert">
              {errors[i]}
            </p>
          )}
        </div>
      ))}
      <p className="buttons">
        <button
          type="button"
          onClick={() => onChange([...windows, { ...DEFAULT_WINDOW, days: [...DEFAULT_WINDOW.days] }])}
        >
          Add a window
        </button>
      </p>
    </div>
  );
}
