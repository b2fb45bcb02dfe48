// The installed `io-provider` command (bin/io-provider.js over the built CLI) starts without noise:
// a person running it sees the help, not a dependency's notice about a native addon.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const exec = promisify(execFile);

it('prints its help and nothing on stderr', async () => {
  const { stdout, stderr } = await exec(process.execPath, ['bin/io-provider.js', '--help'], {
    timeout: 30_000,
  });
  expect(stdout).toMatch(/^Usage: io-provider/);
  expect(stdout).toMatch(/\brun\b/);
  expect(stderr).toBe('');
});
