// Runs an OS tool (nvidia-smi, pmset, loginctl, ps, tasklist) with a hard timeout. The hardware
// readers take a CommandRunner so tests replay recorded output; only this file runs those tools.
import { execFile } from 'node:child_process';

export type CommandRunner = (
  file: string,
  args: readonly string[],
  options: { timeoutMs: number },
) => Promise<string>;

/**
 * The real runner. SIGKILL on timeout: a wedged GPU driver can leave nvidia-smi unkillable by
 * SIGTERM, and a reader that never returns would freeze the thermal loop that depends on it.
 */
export const execCommand: CommandRunner = (file, args, { timeoutMs }) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 1 << 20, encoding: 'utf8' },
      (error, stdout) => {
        if (error) {
          const why = error.killed ? `did not answer within ${timeoutMs} ms` : error.message;
          reject(new Error(`${file} ${why}`, { cause: error }));
        } else {
          resolve(stdout);
        }
      },
    );
  });
