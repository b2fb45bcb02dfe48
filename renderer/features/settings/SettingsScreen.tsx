// The owner's rules: idle threshold, schedule, exclusive apps, battery, temperature, duty cap, device
// name, network. Save checks the patch with the contract's schema first, then shows the node's answer.
import { useEffect, useState, type FormEvent } from 'react';
import type { NodeSettings } from '../../../common/node-settings.js';
import { ResourceView } from '../../app/ui.js';
import { errorMessage } from '../../lib/api-error.js';
import { useApp } from '../../store/app-store.js';
import { ScheduleEditor } from './ScheduleEditor.js';
import { draftFrom, isDirty, patchFrom, validatePatch, type SettingsDraft } from './settings-form.js';

export function SettingsScreen() {
  const settings = useApp((s) => s.settings);
  const load = useApp((s) => s.loadSettings);
  return (
    <>
      <h1>Settings</h1>
      <ResourceView resource={settings} what="the settings" onRetry={() => void load()}>
        {(saved) => <SettingsForm saved={saved} />}
      </ResourceView>
    </>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="error" id={id}>
      {message}
    </p>
  ) : null;
}

function SettingsForm({ saved }: { saved: NodeSettings }) {
  const save = useApp((s) => s.saveSettings);
  const liveMode = useApp((s) => s.state?.governor.mode ?? saved.governor.mode);
  const networkUrlNow = useApp((s) => s.state?.network);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(saved));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [newApp, setNewApp] = useState('');
  // New settings from the node (a reload, a reconnect, our own save) replace the draft only when the
  // owner has no unsaved edits: a reconnect must not throw away what they typed.
  const [base, setBase] = useState(saved);
  if (base !== saved) {
    setBase(saved);
    if (!isDirty(base, draft)) setDraft(draftFrom(saved));
  }
  const dirty = isDirty(saved, draft);
  const set = (patch: Partial<SettingsDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setStatus('idle');
  };

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch = patchFrom(saved, draft, liveMode);
    const found = await validatePatch(patch);
    setErrors(found);
    setServerError(null);
    if (Object.keys(found).length) return;
    setStatus('saving');
    try {
      const next = await save(patch);
      setBase(next);
      setDraft(draftFrom(next));
      setStatus('saved');
    } catch (error) {
      setServerError(errorMessage(error));
      setStatus('idle');
    }
  };

  const err = (key: string) =>
    errors[key] ? { 'aria-invalid': true, 'aria-describedby': `${key}-error` } : {};
  const windowErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith('window-'))
      .map(([k, v]) => [Number(k.slice(7)), v]),
  );
  const networkChanged = (draft.sandbox ? null : draft.networkUrl.trim()) !== saved.networkUrl;

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Settings">
      <div className="grid">
        <section className="card" aria-labelledby="s-device">
          <h2 id="s-device">This device</h2>
          <div className="field">
            <label htmlFor="deviceName">Device name</label>
            <input
              id="deviceName"
              value={draft.deviceName}
              maxLength={80}
              placeholder="Studio workstation 3"
              onChange={(e) => set({ deviceName: e.target.value })}
              {...err('deviceName')}
            />
            <FieldError id="deviceName-error" message={errors.deviceName} />
          </div>
          <div className="field">
            <span className="label">Network</span>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.sandbox}
                onChange={(e) => set({ sandbox: e.target.checked })}
              />
              <span>Sandbox network (built in, sandbox IO)</span>
            </label>
            {!draft.sandbox && (
              <>
                <label htmlFor="networkUrl" className="visually-hidden">
                  Network URL
                </label>
                <input
                  id="networkUrl"
                  type="url"
                  value={draft.networkUrl}
                  placeholder="https://coordinator.example"
                  onChange={(e) => set({ networkUrl: e.target.value })}
                  {...err('networkUrl')}
                />
                <FieldError id="networkUrl-error" message={errors.networkUrl} />
              </>
            )}
            <p className="hint">
              Applies at the next start of the node.
              {networkChanged && networkUrlNow
                ? ` Now: ${networkUrlNow.sandbox ? 'the sandbox' : networkUrlNow.url}.`
                : ''}
            </p>
          </div>
        </section>

        <section className="card" aria-labelledby="s-limits">
          <h2 id="s-limits">Limits</h2>
          <div className="field">
            <label htmlFor="idleMinutes">Start after the PC is idle for (minutes)</label>
            <input
              id="idleMinutes"
              type="number"
              min={0}
              max={1440}
              step={1}
              inputMode="numeric"
              value={draft.idleMinutes}
              onChange={(e) => set({ idleMinutes: e.target.value })}
              {...err('idleStartSeconds')}
            />
            <FieldError id="idleStartSeconds-error" message={errors.idleStartSeconds} />
            <p className="hint">Used in Auto mode.</p>
          </div>
          <div className="field">
            <label htmlFor="temperatureLimitC">Temperature limit (°C)</label>
            <input
              id="temperatureLimitC"
              type="number"
              min={40}
              max={105}
              value={draft.temperatureLimitC}
              onChange={(e) => set({ temperatureLimitC: e.target.value })}
              {...err('temperatureLimitC')}
            />
            <FieldError id="temperatureLimitC-error" message={errors.temperatureLimitC} />
          </div>
          <div className="field">
            <label htmlFor="dutyCap">Most of its time the GPU may compute (%)</label>
            <input
              id="dutyCap"
              type="number"
              min={10}
              max={100}
              step={5}
              value={draft.dutyCapPercent}
              onChange={(e) => set({ dutyCapPercent: e.target.value })}
              {...err('dutyCap')}
            />
            <FieldError id="dutyCap-error" message={errors.dutyCap} />
            <p className="hint">Lower means a quieter fan and a cooler room; 100 % is no cap.</p>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.runOnBattery}
              onChange={(e) => set({ runOnBattery: e.target.checked })}
            />
            <span>Compute on battery power</span>
          </label>
        </section>

        <section className="card wide" aria-labelledby="s-schedule">
          <h2 id="s-schedule">Schedule (Auto mode)</h2>
          <ScheduleEditor
            windows={draft.windows}
            onChange={(windows) => set({ windows })}
            errors={windowErrors}
          />
        </section>

        <section className="card wide" aria-labelledby="s-apps">
          <h2 id="s-apps">Pause while these apps run</h2>
          <p className="dim small">Games on the built-in list always pause computing.</p>
          {draft.exclusiveApps.length === 0 && <p className="dim small">No apps listed.</p>}
          <ul className="stack" aria-label="Exclusive apps">
            {draft.exclusiveApps.map((app, i) => (
              <li key={`${app}-${i}`} className="list-item">
                <span className="mono">{app}</span>
                <button
                  type="button"
                  aria-label={`Remove ${app}`}
                  onClick={() => set({ exclusiveApps: draft.exclusiveApps.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div className="inline">
            <label htmlFor="newApp" className="visually-hidden">
              App to add
            </label>
            <input
              id="newApp"
              value={newApp}
              placeholder="blender.exe"
              onChange={(e) => setNewApp(e.target.value)}
            />
            <button
              type="button"
              disabled={!newApp.trim()}
              onClick={() => {
                set({ exclusiveApps: [...draft.exclusiveApps, newApp.trim()] });
                setNewApp('');
              }}
            >
              Add app
            </button>
          </div>
          <FieldError id="exclusiveApps-error" message={errors.exclusiveApps} />
        </section>
      </div>

      <div className="card inline" role="region" aria-label="Save">
        <button type="submit" className="primary" disabled={!dirty || status === 'saving'}>
          {status === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" disabled={!dirty} onClick={() => (setDraft(draftFrom(saved)), setErrors({}))}>
          Discard changes
        </button>
        <span role="status" data-testid="save-status">
          {dirty ? 'Unsaved changes' : status === 'saved' ? 'Saved' : 'All changes saved'}
        </span>
        {Object.keys(errors).length > 0 && (
          <p className="error-text" role="alert">
            Fix the marked fields before saving.
          </p>
        )}
        {serverError && (
          <p className="error-text wrap" role="alert">
            The node refused the settings: {serverError}
          </p>
        )}
      </div>
    </form>
  );
}
