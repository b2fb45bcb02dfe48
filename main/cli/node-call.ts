// How a CLI command asks the node running on a data folder: POST /api/call/<name> on its loopback
// dashboard, with the token from <data>/node.json (mode 0600). One place for the three outcomes the
// commands map to exit codes: an answer (0), a refusal with the node's sentence (1), no node (3).
import type { CallInput, CallOutput, DashboardCallName } from '../../common/dashboard-api.js';
import { readLockFile } from '../compose/node-lock.js';

export class NoNodeError extends Error {}

export async function callNode<N extends DashboardCallName>(
  dataDir: string,
  name: N,
  input: CallInput<N>,
): Promise<CallOutput<N>> {
  const lock = readLockFile(dataDir);
  if (!lock) throw new NoNodeError(`no node is running with the data folder ${dataDir} (no node.json)`);
  let response: Response;
  try {
    response = await fetch(`${lock.origin}/api/call/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lock.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    throw new NoNodeError(
      `the node's dashboard at ${lock.origin} does not answer: ${(error as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) throw new Error(body?.message ?? `the node answered ${response.status}`);
  return body as CallOutput<N>;
}

/** Runs a command body and sets the exit code: 0 done, 1 refused or failed (sentence on stderr), 3 no node. */
export async function withExitCode(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    process.stderr.write(`io-provider: ${(error as Error).message}\n`);
    process.exitCode = error instanceof NoNodeError ? 3 : 1;
  }
}
