// `io-provider status [--json] [--data DIR]`: asks the node running on this data folder for its state
// over the dashboard API (the address and token are in <data>/node.json, mode 0600).
import { nodeStateSchema } from '../../common/dashboard-api.js';
import { formatIo } from '../../common/io-units.js';
import { readLockFile } from '../compose/node-lock.js';
import { defaultDataDir } from '../store/data-dir.js';

export interface StatusCommandOptions {
  json?: boolean;
  data?: string;
}

export async function statusCommand(options: StatusCommandOptions): Promise<void> {
  const dataDir = options.data ?? defaultDataDir();
  const lock = readLockFile(dataDir);
  const notRunning = (why: string) => {
    process.stderr.write(`io-provider: no node is running with the data folder ${dataDir} (${why})\n`);
    process.exitCode = 3;
  };
  if (!lock) return notRunning('no node.json');
  let body: unknown;
  try {
    const res = await fetch(`${lock.origin}/api/state`, {
      headers: { authorization: `Bearer ${lock.token}` },
      signal: AbortSignal.timeout(5000),
    });
    body = await res.json();
  } catch (error) {
    return notRunning(`its dashboard at ${lock.origin} does not answer: ${(error as Error).message}`);
  }
  const state = nodeStateSchema.safeParse(body);
  if (!state.success) return notRunning(`unexpected answer from ${lock.origin}`);
  const s = state.data;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  process.stdout.write(
    [
      s.headline,
      `  device    ${s.device.id} (${s.device.status ?? 'not registered'})`,
      `  GPU       ${s.gpu.name}`,
      `  earnings  verified ${formatIo(BigInt(s.earnings.verified))}, pending ${formatIo(BigInt(s.earnings.pending))}, paid ${formatIo(BigInt(s.earnings.paid))}`,
      `  jobs      ${s.earnings.jobsVerified} verified, ${s.outbox} result(s) waiting to be sent`,
      `  dashboard ${lock.origin}/?token=${lock.token}`,
      '',
    ].join('\n'),
  );
}
