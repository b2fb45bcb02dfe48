// First run: welcome, the benchmark (live progress, or its result), how to share the GPU, the
// temperature limit and the network; Finish saves everything with onboarded: true and lands on Home.
import { useState } from 'react';
import type { NodeSettings } from '../../../common/node-settings.js';
import { onboardingPatch, type OnboardingDraft } from './onboarding-patch.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatNumber, formatPercent } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { DEFAULT_WINDOW, ScheduleEditor } from '../settings/ScheduleEditor.js';
import { validatePatch } from '../settings/settings-form.js';
import { Loading } from '../../app/ui.js';

const STEPS = ['Welcome', 'Benchmark', 'Sharing', 'Temperature', 'Network'] as const;
export function OnboardingScreen() {
  const settings = useApp((s) => s.settings.data);
  if (!settings) return <Loading what="the settings" />;
  return <Wizard saved={settings} />;
}

function Wizard({ saved }: { saved: NodeSettings }) {
  const save = useApp((s) => s.saveSettings);
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<OnboardingDraft>({
    sharing:
      saved.governor.mode.kind === 'run-now'
        ? 'always'
        : saved.governor.schedule.windows.length
          ? 'schedule'
          : 'idle',
    idleMinutes: String(Math.max(1, Math.round(saved.governor.limits.idleStartSeconds / 60))),
    windows: saved.governor.schedule.windows.length ? saved.governor.schedule.windows : [DEFAULT_WINDOW],
    temperatureLimitC: String(saved.governor.limits.temperatureLimitC),
    sandbox: saved.networkUrl === null,
    networkUrl: saved.networkUrl ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const set = (patch: Partial<OnboardingDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const last = step === STEPS.length - 1;

  const finish = async () => {
    const patch = onboardingPatch(saved, draft);
    const found = await validatePatch(patch);
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    setServerError(null);
    try {
      await save(patch);
      window.location.hash = '#/home';
    } catch (error) {
      setServerError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="wizard">
      <h1>Set up io-provider</h1>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      <section className="card" aria-labelledby="step-title" data-step={STEPS[step]}>
        {step === 0 && <Welcome />}
        {step === 1 && <BenchmarkStep />}
        {step === 2 && <SharingStep draft={draft} set={set} errors={errors} />}
        {step === 3 && <TemperatureStep draft={draft} set={set} errors={errors} />}
        {step === 4 && <NetworkStep draft={draft} set={set} errors={errors} />}
        {Object.keys(errors).length > 0 && (
          <p className="error-text" role="alert">
            {Object.entries(errors)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ')}
          </p>
        )}
        {serverError && (
          <p className="error-text wrap" role="alert">
            The node refused the settings: {serverError}
          </p>
        )}
        <div className="wizard-actions">
          <button type="button" disabled={step === 0} onClick={() => setStep(step - 1)}>
            Back
          </button>
          {last ? (
            <button type="button" className="primary" disabled={saving} onClick={() => void finish()}>
              {saving ? 'Saving…' : 'Finish'}
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => setStep(step + 1)}>
              {step === 0 ? 'Get started' : 'Next'}
            </button>
          )}
        </div>
      </section>
    </div>
  );
}

function Welcome() {
  return (
    <>
      <h2 id="step-title">Welcome</h2>
      <p>
        io-provider lends this PC’s GPU to a compute network while you do not need it, and the network pays
        you in IO for every verified job.
      </p>
      <p>
        It pauses by itself when a game starts, when you come back, on battery and before the GPU gets too
        hot. The next steps take a minute: we measure the GPU, then you choose when it may compute.
      </p>
    </>
  );
}

function BenchmarkStep() {
  const state = useApp((s) => s.state);
  const benchmarking = state?.phase === 'benchmarking';
  return (
    <>
      <h2 id="step-title">Measuring your GPU</h2>
      {!state ? (
        <Loading what="the node" />
      ) : benchmarking ? (
        <div className="stack" data-testid="benchmark-progress">
          <p>{state.task?.label ?? 'Benchmarking…'}</p>
          <progress
            max={1}
            value={state.task?.fraction ?? 0}
            aria-label="Benchmark progress"
            aria-valuetext={formatPercent(state.task?.fraction ?? 0)}
          />
          <p className="dim small">
            {formatPercent(state.task?.fraction ?? 0)} · you can go on; the measurement keeps running.
          </p>
        </div>
      ) : state.gpu.matmulGflops !== null ? (
        <div className="stack" data-testid="benchmark-result">
          <p>
            <strong className="wrap">{state.gpu.name}</strong> computes{' '}
            <strong>{formatNumber(state.gpu.matmulGflops)} GFLOPS</strong> on matrix multiplication.
          </p>
          {state.gpu.software && (
            <p className="dim">
              This is a CPU (software) adapter: fine to try the app on the sandbox network, too slow to earn
              on a real one.
            </p>
          )}
        </div>
      ) : (
        <p data-testid="benchmark-waiting">{state.headline}</p>
      )}
    </>
  );
}

interface StepProps {
  draft: OnboardingDraft;
  set(patch: Partial<OnboardingDraft>): void;
  errors: Record<string, string>;
}

function SharingStep({ draft, set, errors }: StepProps) {
  const windowErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith('window-'))
      .map(([k, v]) => [Number(k.slice(7)), v]),
  );
  return (
    <fieldset>
      <legend id="step-title">When may this PC compute?</legend>
      <label className="choice">
        <input
          type="radio"
          name="sharing"
          checked={draft.sharing === 'idle'}
          onChange={() => set({ sharing: 'idle' })}
        />
        <span>
          <strong>When I’m away</strong>
          <span className="dim small"> — after the PC is idle for a while (Auto mode)</span>
        </span>
      </label>
      {draft.sharing === 'idle' && (
        <div className="field">
          <label htmlFor="idleMinutes">Idle for (minutes)</label>
          <input
            id="idleMinutes"
            type="number"
            min={1}
            max={1440}
            value={draft.idleMinutes}
            onChange={(e) => set({ idleMinutes: e.target.value })}
          />
        </div>
      )}
      <label className="choice">
        <input
          type="radio"
          name="sharing"
          checked={draft.sharing === 'schedule'}
          onChange={() => set({ sharing: 'schedule' })}
        />
        <span>
          <strong>On a schedule</strong>
          <span className="dim small"> — for example weeknights</span>
        </span>
      </label>
      {draft.sharing === 'schedule' && (
        <ScheduleEditor
          windows={draft.windows}
          onChange={(windows) => set({ windows })}
          errors={windowErrors}
          idPrefix="wizard"
        />
      )}
      <label className="choice">
        <input
          type="radio"
          name="sharing"
          checked={draft.sharing === 'always'}
          onChange={() => set({ sharing: 'always' })}
        />
        <span>
          <strong>Always</strong>
          <span className="dim small"> — whenever no game runs (Run now mode)</span>
        </span>
      </label>
    </fieldset>
  );
}

function TemperatureStep({ draft, set }: StepProps) {
  return (
    <>
      <h2 id="step-title">Temperature limit</h2>
      <p>The GPU is held a little under this temperature, and stops if it goes over.</p>
      <div className="field">
        <label htmlFor="temperatureLimitC">Limit: {draft.temperatureLimitC} °C</label>
        <input
          id="temperatureLimitC"
          type="range"
          min={60}
          max={95}
          step={1}
          value={draft.temperatureLimitC}
          onChange={(e) => set({ temperatureLimitC: e.target.value })}
        />
        <p className="hint">80 °C suits most cards; lower keeps the fans quieter.</p>
      </div>
    </>
  );
}

function NetworkStep({ draft, set, errors }: StepProps) {
  return (
    <fieldset>
      <legend id="step-title">Network</legend>
      <label className="choice">
        <input type="radio" name="network" checked={draft.sandbox} onChange={() => set({ sandbox: true })} />
        <span>
          <strong>Sandbox</strong>
          <span className="dim small"> — the built-in test network (sandbox IO)</span>
        </span>
      </label>
      <label className="choice">
        <input
          type="radio"
          name="network"
          checked={!draft.sandbox}
          onChange={() => set({ sandbox: false })}
        />
        <span>
          <strong>A network URL</strong>
        </span>
      </label>
      {!draft.sandbox && (
        <div className="field">
          <label htmlFor="networkUrl">Network URL</label>
          <input
            id="networkUrl"
            type="url"
            value={draft.networkUrl}
            placeholder="https://coordinator.example"
            onChange={(e) => set({ networkUrl: e.target.value })}
            aria-invalid={errors.networkUrl ? true : undefined}
          />
        </div>
      )}
      <p className="hint">A change of network applies at the next start of the node.</p>
    </fieldset>
  );
}
