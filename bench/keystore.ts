// The in-app keystore's cost at the app's scrypt parameters: create (phrase, derivation, scrypt,
// encrypt, atomic write), unlock (scrypt, decrypt, address check) and changePassphrase (both). The
// scrypt N was chosen so unlock takes 0.2-0.5 s: long for a guesser, unnoticed by the owner.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileKeyVault } from '../main/wallet/keys/file-key-vault.js';
import { SCRYPT } from '../main/wallet/keys/keystore-file.js';

export const description =
  'in-app keystore create / unlock / changePassphrase ms (median of 5) at the scrypt cost';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function timed(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-keystore-'));
  const create: number[] = [];
  const unlock: number[] = [];
  const change: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const vault = createFileKeyVault({ path: join(dir, `run-${i}`, 'keystore.json') });
      create.push(await timed(() => vault.create(12, 'bench passphrase')));
      unlock.push(await timed(() => vault.unlock('bench passphrase')));
      change.push(await timed(() => vault.changePassphrase('bench passphrase', 'next passphrase')));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    scrypt: { ...SCRYPT, memoryMiB: (128 * SCRYPT.N * SCRYPT.r) / 2 ** 20 },
    createMs: round(median(create)),
    unlockMs: round(median(unlock)),
    changePassphraseMs: round(median(change)),
    runs: RUNS,
  };
}
