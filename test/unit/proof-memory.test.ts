// The memory phase's math and verifier against a CPU prover (small sizes): SHA-256 pieces against
// node:crypto, unbiased item indices, class sizing and the arithmetic the parameters rest on, and
// every verdict an honest, short, slow, wrong or tampered prover gets.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_GPUS } from '../../common/gpu-catalog.js';
import type { PogChallenge, PogMemoryWalk } from '../../common/proof-of-gpu.js';
import { seedBytes, wordsOf } from '../../common/node/proof/proof-of-gpu-math.js';
import {
  memoryCapacityBytes,
  memoryItem,
  memoryKey,
  scaledIndex,
  sha256Short,
  stateBytes,
} from '../../common/node/proof/proof-of-gpu-memory.js';
import {
  MEMORY_HASHES,
  MEMORY_OPENINGS,
  MEMORY_STEPS,
  memoryReference,
  memorySpec,
  memoryVerifierWork,
} from '../../common/node/proof/memory-classes.js';
import {
  chooseMemoryOpenings,
  verifyMemoryCommitment,
  verifyMemoryOpenings,
  verifyMemoryReady,
  withMemory,
} from '../../common/node/proof/memory-verifier.js';
import { createChallenge } from '../../common/node/proof/verifier.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import { signBody } from '../../main/gpu/host/proof/prover-client.js';
import { cpuMemoryBuffer, cpuMemoryWalk } from '../coordinator/cpu-memory-prover.js';

const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'pog-memory-unit-')));
const bytesOf = (words: ArrayLike<number>) => stateBytes(words).toString('hex');

describe('memory phase math', () => {
  it('hashes as node:crypto does: short messages and the item chain', () => {
    for (const length of [0, 4, 32, 36, 40, 52]) {
      const message = randomBytes(length);
      expect(bytesOf(sha256Short(wordsOf(message)))).toBe(createHash('sha256').update(message).digest('hex'));
    }
    const key = memoryKey(seedBytes('07'.repeat(32)));
    let v = createHash('sha256')
      .update(Buffer.concat([stateBytes(key), Buffer.from([0, 0, 1, 44])]))
      .digest();
    for (let t = 1; t < 5; t++) v = createHash('sha256').update(v).digest();
    expect(bytesOf(memoryItem(key, 300, 5))).toBe(v.toString('hex'));
  });

  it('draws item indices as exact 64-bit fractions of n', () => {
    const exact = (hi: number, lo: number, n: number) =>
      Number(((BigInt(hi) * 2n ** 32n + BigInt(lo)) * BigInt(n)) / 2n ** 64n);
    for (const [hi, lo, n] of [
      [0, 0, 7],
      [0xffffffff, 0xffffffff, 0xffffffff],
      [0x80000000, 0, 1000],
      [0x12345678, 0x9abcdef0, 600_000_000],
    ] as const) {
      expect(scaledIndex(hi, lo, n)).toBe(exact(hi, lo, n));
      expect(scaledIndex(hi, lo, n)).toBeLessThan(n);
    }
  });

  it('sizes a class from its VRAM and the device limits, and skips unified memory', () => {
    const rtx4090 = memorySpec('rtx-4090')!;
    expect(rtx4090.bytes).toBe(Math.floor((24e9 * 0.8) / 2048) * 2048);
    expect(rtx4090).toMatchObject({ hashes: MEMORY_HASHES, steps: MEMORY_STEPS, k: MEMORY_OPENINGS });
    expect(rtx4090.walkers).toBe(1 << 18);
    expect(rtx4090.referenceMs).toBeGreaterThan(1800);
    expect(rtx4090.referenceMs).toBeLessThan(2200);
    expect(rtx4090.deadlineMs).toBeCloseTo(3 * rtx4090.referenceMs + 1000);
    expect(memorySpec('rtx-4090', { capBytes: 14 * 2 ** 30 })!.bytes).toBe(14 * 2 ** 30);
    expect(memorySpec('m2-pro')).toBeNull();
    expect(memorySpec('no-such-gpu')!.bytes).toBe(4 << 20);
    // lavapipe: 16 storage buffers per stage (14 chunks) of 128 MiB; WebGPU's minimums without limits.
    const lavapipe = {
      maxBufferSize: 2 ** 32 - 1,
      maxStorageBufferBindingSize: 2 ** 27,
      maxStorageBuffersPerShaderStage: 16,
    };
    expect(memoryCapacityBytes(lavapipe)).toBe(14 * 2 ** 27);
    expect(memoryCapacityBytes({})).toBe(6 * 2 ** 27);
  });

  it('rests on the arithmetic in memory-classes.ts', () => {
    expect(0.75 ** 128).toBeCloseTo(1.0e-16, 17);
    expect(0.75 ** 64).toBeCloseTo(1.0e-8, 9);
    expect(0.9 ** 64).toBeCloseTo(1.2e-3, 4);
    expect(0.75 * 0.25 * 2 * MEMORY_HASHES).toBe(12);
    // Hashing is at least 0.48 of a reference step for every catalog class with VRAM.
    for (const gpu of KNOWN_GPUS.filter((g) => g.vramGb !== null)) {
      const ref = memoryReference(gpu.id)!;
      expect(ref.stepsPerSecond / ref.hashesPerSecond, gpu.id).toBeGreaterThanOrEqual(0.48);
    }
    // Hashing alone 13 T_h >= 13 x 0.488 T = 6.3 T against 3 T + 1 s (T = 2 s).
    expect(13 * 0.488 * 2).toBeGreaterThan(12.6);
    expect((2 * (3 * 2 + 1)) / 2 - 1).toBe(6);
    expect(6 / (2 * MEMORY_HASHES * 0.9)).toBeCloseTo(0.104, 3);
  });
});

/** A CPU prover; `held` < items plays a device that answers wrong for items it does not hold. */
const cpuProver = (challenge: PogChallenge, walk: PogMemoryWalk, held = Infinity) =>
  cpuMemoryWalk(challenge, cpuMemoryBuffer(challenge, held), walk);

const SMALL = { bytes: 8192, hashes: 4, walkers: 16, batches: 3, steps: 8, k: 12 };

function round(options: { held?: number; heldBytes?: number } = {}) {
  const challenge = createChallenge(identity, 'software', { n: 64, S: 1, k: 1, memory: SMALL });
  const binding = { challengeId: challenge.challengeId, nonce: challenge.nonce, deviceId: identity.deviceId };
  const ready = signBody(identity, { ...binding, heldBytes: options.heldBytes ?? SMALL.bytes, fillMs: 3 });
  const start = verifyMemoryReady(challenge, ready, 1000);
  if (!start.ok) return { challenge, start };
  const prover = cpuProver(challenge, start.walk, options.held);
  const commitment = signBody(identity, { ...binding, walkSeed: start.walk.walkSeed, ...prover.roots });
  const check = (at: number, c: unknown = commitment) => verifyMemoryCommitment(challenge, start, c, at);
  const request = chooseMemoryOpenings(challenge);
  const traces = request.openings.map(prover.open);
  const verify = (t = traces) => {
    const checked = check(1500);
    if (!checked.ok) throw new Error(checked.verdict.reason);
    return verifyMemoryOpenings(challenge, start, checked, request, {
      challengeId: challenge.challengeId,
      traces: t,
    });
  };
  return { challenge, start, commitment, check, traces, verify };
}

describe('memory phase verifier', () => {
  it('accepts an honest prover, counting its work in compressions', () => {
    const r = round();
    const { verdict, ops } = r.verify!();
    expect(verdict).toEqual({ accepted: true, reason: 'ok', memoryBytes: 8192 });
    // Top tree, then per walker: start, path, and per step two items and the step itself.
    expect(ops.compressions).toBe(2 * 3 + 12 * (1 + 2 * 4 + 8 * (2 * 4 + 1)));
    expect(memoryVerifierWork(r.challenge.memory!)).toBe(ops.compressions);
    expect(r.challenge.version).toBe(2);
  });

  it('fails a device that could not allocate the buffer with what it had', () => {
    const r = round({ heldBytes: 6144 });
    expect(r.start.ok || r.start.verdict.reason).toMatch(
      /^memory check failed: 6\.1 kB free, 8\.2 kB claimed: /,
    );
    const big = createChallenge(identity, 'rtx-3080', { memory: {} });
    const ready = signBody(identity, {
      challengeId: big.challengeId,
      nonce: big.nonce,
      deviceId: identity.deviceId,
      heldBytes: 6.1e9,
      fillMs: 0,
    });
    const started = verifyMemoryReady(big, ready);
    expect(started.ok || started.verdict.reason).toMatch(
      /^memory check failed: 6\.1 GB free, 8\.0 GB claimed: .*close them/,
    );
  });

  it('fails a late walk, another walk seed and another key', () => {
    const r = round();
    const late = r.check!(1000 + r.challenge.memory!.deadlineMs + 1);
    expect(late.ok || late.verdict.reason).toMatch(
      /^memory check failed: the walk over the 8\.2 kB buffer took/,
    );
    const body = { ...r.commitment!.body, walkSeed: 'cd'.repeat(32) };
    const stale = r.check!(1500, signBody(identity, body));
    expect(stale.ok || stale.verdict.reason).toMatch(/another walk seed/);
    const other = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'pog-memory-other-')));
    const forged = r.check!(1500, {
      body: r.commitment!.body,
      signature: signBody(other, r.commitment!.body).signature,
    });
    expect(forged.ok || forged.verdict.reason).toMatch(/walk commitment is not signed by this device's key/);
  });

  it('estimates what a device answering wrong for missing items held', () => {
    const { verdict } = round({ held: 128 }).verify!();
    expect(verdict.accepted).toBe(false);
    const held = /about ([\d.]+) kB of the 8\.2 kB claimed/.exec(verdict.reason);
    expect(verdict.reason).toMatch(
      /^memory check failed: \d+ of 12 re-walked walks read items that are not the buffer's/,
    );
    // Half the items held: about 4.1 kB, with the spread of 96 steps.
    expect(Number(held![1])).toBeGreaterThan(2.5);
    expect(Number(held![1])).toBeLessThan(6);
  });

  it('fails tampered traces: another walker, a wrong start, a changed step, a broken path', () => {
    const r = round();
    const t = r.traces!;
    const moved = t.map((x, i) => (i === 2 ? { ...x, walker: (x.walker + 1) % 16 } : x));
    expect(r.verify!(moved).verdict.reason).toMatch(/walk 2 answers a different walker/);
    const restart = t.map((x, i) =>
      i === 3 ? { ...x, states: ['00'.repeat(32), ...x.states.slice(1)] } : x,
    );
    expect(r.verify!(restart).verdict.reason).toMatch(/walk 3 does not start from this walk's seed/);
    const step = t.map((x, i) =>
      i === 4 ? { ...x, states: x.states.map((s, j) => (j === 3 ? 'ee'.repeat(32) : s)) } : x,
    );
    expect(r.verify!(step).verdict.reason).toMatch(/1 of 12 re-walked walks .*\(2 of 96 steps\)/);
    const path = t.map((x, i) => (i === 5 ? { ...x, path: [...x.path].reverse() } : x));
    expect(r.verify!(path).verdict.reason).toMatch(
      /walk 5 \(batch \d, walker \d+\) does not match the commitment/,
    );
  });

  it('folds the memory verdict into the whole proof', () => {
    const compute = { accepted: true, reason: 'ok', measuredGflops: 3, provenClass: 'software' };
    expect(withMemory(compute, { accepted: true, reason: 'ok', memoryBytes: 8192 })).toEqual({
      ...compute,
      memoryBytes: 8192,
    });
    const failed = withMemory(compute, {
      accepted: false,
      reason: 'memory check failed: x',
      memoryBytes: null,
    });
    expect(failed).toMatchObject({
      accepted: false,
      reason: 'memory check failed: x',
      provenClass: null,
      memoryBytes: null,
    });
  });
});
