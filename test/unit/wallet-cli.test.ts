// `io-provider wallet ...` against a node's real loopback dashboard serving the wallet API on the
// sandbox network: the exit codes (0 done, 1 refused with a sentence, 3 no node), the phrase printed
// once on create, a stake signed with --yes and read back on chain.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderApi } from '../../common/dashboard-api.js';
import { writeLockFile } from '../../main/compose/node-lock.js';
import { startDashboardServer } from '../../main/dashboard/dashboard-server.js';
import { createWalletApi } from '../../main/wallet/create-wallet-api.js';
import { IO, ioIn, PASSPHRASE, startBed, tempDir, walletService } from './wallet-fixture.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function cli(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const entry = fileURLToPath(new URL('../../main/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'wallet', ...args, '--data', dataDir], {
    env: { ...process.env, IO_PROVIDER_PASSPHRASE: PASSPHRASE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // bin/io-provider.js drops spl-token's bigint notice; running main/cli.ts directly, the test does.
  const notice = /^bigint: Failed to load bindings.*\n/m;
  return new Promise((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr: stderr.replace(notice, '') })),
  );
}

describe('io-provider wallet', () => {
  it(
    'talks to the running node: create, faucet, stake --yes, refusals exit 1, no node exits 3',
    { timeout: 120_000 },
    async () => {
      expect(await cli(tempDir(), 'show')).toMatchObject({
        code: 3,
        stderr: expect.stringMatching(/no node is running/),
      });

      const bed = await startBed();
      cleanups.push(() => bed.stop());
      const wallet = walletService(bed);
      cleanups.push(await wallet.start());
      // Only the wallet's calls are served here; the node's own are not needed by these commands.
      const server = await startDashboardServer({
        api: createWalletApi(wallet) as unknown as ProviderApi,
        onEvent: (listener) => wallet.onEvent(listener),
      });
      cleanups.push(() => server.stop());
      cleanups.push(
        writeLockFile(bed.dataDir, {
          pid: process.pid,
          origin: server.origin,
          token: server.token,
          startedAt: Date.now(),
        }),
      );

      const created = await cli(bed.dataDir, 'create');
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('Recovery phrase (shown once: write it down');
      expect((await cli(bed.dataDir, 'faucet')).code).toBe(0);

      const stake = await cli(bed.dataDir, 'stake', '10', '--yes', '--json');
      expect(stake.code).toBe(0);
      expect(JSON.parse(stake.stdout)).toMatchObject({ kind: 'stake', state: 'confirmed' });
      const vault = (await wallet.staking.view()).stake.vault!;
      expect(await ioIn(bed.connection, vault)).toBe(10n * IO);

      const refused = await cli(bed.dataDir, 'stake', '5000', '--yes');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^io-provider: your IO account holds 990 IO, less than 5000 IO\n$/);
      const early = await cli(bed.dataDir, 'withdraw', '--yes');
      expect(early).toMatchObject({
        code: 1,
        stderr: 'io-provider: no unstake is waiting to be withdrawn\n',
      });
    },
  );
});
