// Small building blocks every screen uses, so loading, empty and error states look the same.
import { useEffect, useState, type ReactNode } from 'react';
import type { Resource } from '../store/resource.js';

export function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="row">
      <span>{label}</span>
      <span>{children}</span>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="state-box" role="status">
      Loading {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state-box">{children}</div>;
}

export function ErrorBox({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <div className="state-box error" role="alert">
      <strong>{title}</strong>
      <p className="wrap">{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Shows a resource's loading or error state, or its content once there is data. */
export function ResourceView<T>({
  resource,
  what,
  onRetry,
  children,
}: {
  resource: Resource<T>;
  what: string;
  onRetry: () => void;
  children: (data: T) => ReactNode;
}) {
  if (resource.data === null) {
    if (resource.error)
      return <ErrorBox title={`Could not load ${what}`} message={resource.error} onRetry={onRetry} />;
    return <Loading what={what} />;
  }
  return (
    <>
      {resource.error && (
        <ErrorBox
          title={`Could not refresh ${what}; showing the last figures`}
          message={resource.error}
          onRetry={onRetry}
        />
      )}
      {children(resource.data)}
    </>
  );
}

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge ${tone === 'neutral' ? '' : tone}`}>{children}</span>;
}

/** The current time, re-read every `intervalMs`: for countdowns ("resumes in 2 h 10 min"). */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
