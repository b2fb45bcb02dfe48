// Starts a coordinator on loopback in a fresh data folder, and snapshots its tables so a test can
// assert that a refused request changed nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startCoordinator,
  type Coordinator,
  type CoordinatorOptions,
} from '../../coordinator/coordinator.js';
import { sha256Hex } from '../../common/node/hash.js';
import type { CoordinatorParams } from '../../coordinator/params.js';

export const TABLES = [
  'devices',
  'jobs',
  'leases',
  'results',
  'ledger',
  'payouts',
  'proof_challenges',
  'used_nonces',
  'stake_vaults',
  'stake_unstakes',
  'stake_deposits',
] as const;

export function tempDir(prefix = 'io-coordinator-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function startTestCoordinator(
  params: Partial<CoordinatorParams> = {},
  options: Partial<CoordinatorOptions> = {},
): Promise<Coordinator> {
  return startCoordinator({ dataDir: tempDir(), params: { workload: null, ...params }, ...options });
}

/** A digest of every table (optionally leaving out spent nonces), to compare before and after. */
export function snapshot(coordinator: Coordinator, withNonces = true): string {
  const tables = TABLES.filter((t) => withNonces || t !== 'used_nonces');
  const rows = tables.map((t) => coordinator.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all());
  return sha256Hex(JSON.stringify(rows));
}
