// The pure pieces under the coordinator: seeded matmul inputs, Freivalds, reward and stake arithmetic,
// and the canonical string every device request signs.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../common/node/hash.js';
import { canonicalRequest, checkSignedRequest, signRequest } from '../../common/node/signed-request.js';
import { DEFAULT_PARAMS, IO, resolveParams } from '../../coordinator/params.js';
import { minimumStake, rewardFor } from '../../coordinator/service/rewards.js';
import {
  freivaldsCheck,
  matmulInputs,
  matmulReference,
  seededNibbles,
} from '../../coordinator/workload/matmul-job.js';
import { freivaldsJob } from '../../coordinator/workload/generator.js';
import { jobSpecSchema } from '../../common/job-spec.js';
import { cpuMatmul, SimDevice } from '../coordinator/sim-device.js';
import { tempDir } from '../coordinator/harness.js';
import { openDatabase, schemaVersion } from '../../coordinator/store/database.js';
import { MIGRATIONS } from '../../coordinator/store/migrations.js';

describe('matmul tiles', () => {
  it('derives the same 0..15 inputs from a seed, and different ones from another', () => {
    const a = seededNibbles(42, 4096);
    expect(seededNibbles(42, 4096)).toEqual(a);
    expect(seededNibbles(43, 4096)).not.toEqual(a);
    expect(Math.max(...a)).toBe(15);
    expect(Math.min(...a)).toBe(0);
  });

  it('accepts the exact product and catches a single wrong element', () => {
    const shape = { m: 48, n: 32, k: 64 };
    const c = matmulReference(7, shape);
    expect(freivaldsCheck(7, shape, c)).toBe(true);
    let caught = 0;
    for (let trial = 0; trial < 50; trial++) {
      const wrong = c.slice();
      wrong[(trial * 97) % wrong.length]! += 1;
      if (!freivaldsCheck(7, shape, wrong)) caught++;
    }
    expect(caught).toBe(50); // each miss has probability <= 2^-20 with two rounds
    expect(freivaldsCheck(7, shape, c.subarray(1))).toBe(false);
  });

  it('builds a job whose spec alone yields the product the verifier expects', () => {
    const job = freivaldsJob(0);
    const spec = jobSpecSchema.parse(job.spec);
    const check = job.check as { seed: number; m: number; n: number; k: number };
    const c = cpuMatmul(spec);
    expect(freivaldsCheck(check.seed, check, c)).toBe(true);
    expect(spec.dispatch.chunks).toHaveLength(4);
    expect(matmulInputs(check.seed, check).a).toHaveLength(check.m * check.k);
  });
});

describe('rewards and stake', () => {
  it('pays by work and class, minus a 2.5 % fee rounded down, in integers', () => {
    const params = resolveParams({ unitsPerTflop: 10n * IO });
    const base = rewardFor(params, 2e12, 'rtx-3060'); // 2 TFLOP at 10 IO per TFLOP
    expect(base).toEqual({ gross: 20n * IO, fee: 500_000_000n, amount: 19_500_000_000n });
    const h100 = rewardFor(params, 2e12, 'h100-sxm');
    expect(h100.gross).toBe(30n * IO); // x1.5
    expect(rewardFor(params, 1, null)).toEqual({ gross: 0n, fee: 0n, amount: 0n });
    expect(DEFAULT_PARAMS.feeBps).toBe(250n);
  });

  it('asks 200 IO x max(1, multiplier) x GPUs of stake', () => {
    expect(minimumStake(DEFAULT_PARAMS, 'rtx-3060', 1)).toBe(200n * IO);
    expect(minimumStake(DEFAULT_PARAMS, 'h100-sxm', 8)).toBe(2400n * IO);
  });
});

describe('signed requests', () => {
  it('signs METHOD, path?query, timestamp, nonce and the body hash, and checks all of them', () => {
    const device = new SimDevice('http://unused');
    const headers = signRequest(device.identity, 'post', '/v1/x?a=1', '{"b":2}', 1_000_000);
    expect(headers['x-io-nonce']).toMatch(/^[0-9a-f]{32}$/);
    expect(canonicalRequest('post', '/v1/x?a=1', '1000000', headers['x-io-nonce'], '{"b":2}')).toBe(
      `POST\n/v1/x?a=1\n1000000\n${headers['x-io-nonce']}\n${sha256Hex('{"b":2}')}`,
    );
    expect(checkSignedRequest(headers, 'POST', '/v1/x?a=1', '{"b":2}', 1_030_000).deviceId).toBe(device.id);
    expect(() => checkSignedRequest(headers, 'POST', '/v1/x?a=2', '{"b":2}', 1_000_000)).toThrow(
      /does not verify/,
    );
    expect(() => checkSignedRequest(headers, 'GET', '/v1/x?a=1', '{"b":2}', 1_000_000)).toThrow(
      /does not verify/,
    );
    expect(() => checkSignedRequest(headers, 'POST', '/v1/x?a=1', '{"b":2}', 1_061_000)).toThrow(
      /61 s from the server/,
    );
    expect(() =>
      checkSignedRequest({ ...headers, 'x-io-nonce': 'zz' }, 'POST', '/v1/x?a=1', '{"b":2}', 1_000_000),
    ).toThrow(/x-io-nonce/);
  });
});

describe('coordinator storage', () => {
  it('opens in WAL with synchronous=FULL and runs each migration once', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    db.close();
    const again = openDatabase(dir);
    expect((again.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(
      MIGRATIONS.length,
    );
    again.close();
  });
});
