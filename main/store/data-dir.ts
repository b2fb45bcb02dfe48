// Where the app keeps its state when the owner names no --data folder: the platform's usual place.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.IO_PROVIDER_DATA) return env.IO_PROVIDER_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'io-provider');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'io-provider');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'io-provider');
}
