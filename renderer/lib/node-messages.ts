// What arrives from the node, taken as the contract's types without parsing it again with zod. The
// page is always served by the node it talks to (the same build: loopback HTTP or the app's own
// IPC), so the shapes match by construction, and the node validates everything it receives and
// sends from its own typed code. Skipping zod here keeps the schemas out of the first paint (zod is
// the UI's largest library; settings-schema.ts loads it when a form is saved). What is checked is
// what a stray message could break: that it is an object with a known event type.
import type { DashboardEvent } from '../../common/dashboard-api.js';

// A Record over the contract's union: a new event type that is not listed here fails the typecheck.
const EVENT_TYPES: Record<DashboardEvent['type'], true> = {
  state: true,
  job: true,
  log: true,
  telemetry: true,
  wallet: true,
  signing: true,
};

export function isNodeEvent(value: unknown): value is DashboardEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    Object.hasOwn(EVENT_TYPES, (value as { type: string }).type)
  );
}

/** An event from its JSON text; null (and a console note) for anything else. */
export function parseNodeEvent(text: string): DashboardEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (isNodeEvent(value)) return value;
  console.warn('io-provider: ignored a message that is not a node event');
  return null;
}
