// The one check every UI transport makes before the node runs a call: the name must be a contract
// call and the input must match its zod schema (defaults applied). The loopback server and the
// Electron IPC handler both go through here, so they cannot drift apart.
import { dashboardCalls, type DashboardCallName, type ProviderApi } from '../../common/dashboard-api.js';
import { describeZodError } from '../../common/zod-errors.js';

/** A call refused before the node saw it: `code` is 'not-found' (no such call) or 'bad-input'. */
export class CallRefused extends Error {
  constructor(
    readonly code: 'not-found' | 'bad-input',
    message: string,
  ) {
    super(message);
    this.name = 'CallRefused';
  }
}

export function isCallName(name: unknown): name is DashboardCallName {
  return typeof name === 'string' && Object.hasOwn(dashboardCalls, name);
}

/** Validates `name` and `input` against the contract, then runs the call on `api`. */
export async function dispatchCall(api: ProviderApi, name: unknown, input: unknown): Promise<unknown> {
  if (!isCallName(name))
    throw new CallRefused('not-found', `no such call: ${typeof name === 'string' ? name : typeof name}`);
  const parsed = dashboardCalls[name].input.safeParse(input);
  if (!parsed.success) throw new CallRefused('bad-input', `${name}: ${describeZodError(parsed.error)}`);
  const method = api[name] as (input: unknown) => Promise<unknown>;
  return method(parsed.data);
}
