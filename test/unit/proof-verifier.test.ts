// The proof-of-GPU verifier against a CPU prover (small n): honest answers pass, and each broken
// piece (one wrong value, a wrong path, a different segment, a late or unsigned answer) fails.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/canonical-json.js';
import {
  POG_OPENINGS,
  type PogChallenge,
  type PogCommitment,
  type PogOpenedSegment,
  type PogOpening,
} from '../../common/proof-of-gpu.js';
import {
  digestKey,
  generateMatrix,
  leafDigest,
  matrixKey,
  merkleRoot,
  nodeDigest,
  seedBytes,
} from '../../common/node/proof/proof-of-gpu-math.js';
import { blocksFor, proofClass, provenClass } from '../../common/node/proof/classes.js';
import {
  chooseOpenings,
  createChallenge,
  verifyCommitment,
  verifyOpenings,
} from '../../common/node/proof/verifier.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import { signCommitment } from '../../main/gpu/host/proof/prover-client.js';

const identity = loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'pog-unit-')));
const n = 128;

/** The whole prover in doubles: C per block and every tree level (leaves first). */
function cpuProver(challenge: PogChallenge) {
  const seed = seedBytes(challenge.seed);
  const b = generateMatrix(matrixKey(seed, 'B', 0), n);
  const key = digestKey(seed);
  return Array.from({ length: challenge.S }, (_, s) => {
    const a = generateMatrix(matrixKey(seed, 'A', s), n);
    const c = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        for (let x = 0; x < n; x++) c[i * n + x] = c[i * n + x]! + a[i * n + j]! * b[j * n + x]!;
    const levels: Buffer[][] = [[]];
    for (let i = 0; i < n; i++)
      for (let J = 0; J < n / 64; J++)
        levels[0]!.push(leafDigest(key, s, i, J, c.subarray(i * n + J * 64, i * n + J * 64 + 64)));
    while (levels.at(-1)!.length > 1) {
      const below = levels.at(-1)!;
      levels.push(
        Array.from({ length: below.length / 2 }, (_, i) => nodeDigest(below[2 * i]!, below[2 * i + 1]!)),
      );
    }
    return { c, levels };
  });
}

function open(blocks: ReturnType<typeof cpuProver>, o: PogOpening): PogOpenedSegment {
  const { c, levels } = blocks[o.block]!;
  const path: string[] = [];
  let index = o.row * (n / 64) + o.col;
  for (const level of levels.slice(0, -1)) {
    path.push(level[index ^ 1]!.toString('hex'));
    index >>= 1;
  }
  const start = o.row * n + o.col * 64;
  return { ...o, values: Array.from(c.subarray(start, start + 64)), path };
}

function round(options: { S?: number; k?: number } = {}) {
  const challenge = createChallenge(identity, 'software', { n, S: options.S ?? 2, k: options.k ?? 40 });
  const blocks = cpuProver(challenge);
  const roots = blocks.map((b) => b.levels.at(-1)![0]!.toString('hex'));
  const topRoot = merkleRoot(roots.map((r) => Buffer.from(r, 'hex'))).toString('hex');
  const commitment = signCommitment(identity, challenge, { topRoot, blockRoots: roots, proverMs: 5 });
  const check = verifyCommitment(challenge, commitment, challenge.issuedAt + 10);
  if (!check.ok) throw new Error(check.verdict.reason);
  const request = chooseOpenings(challenge);
  const segments = request.openings.map((o) => open(blocks, o));
  const verify = (s: PogOpenedSegment[]) =>
    verifyOpenings(challenge, check, request, { challengeId: challenge.challengeId, segments: s }).verdict;
  return { challenge, commitment, request, segments, verify };
}

describe('proof-of-GPU verifier', () => {
  it('needs k = 2062 openings for a 1 % cheater to pass with probability <= 1e-9', () => {
    expect(0.99 ** POG_OPENINGS).toBeLessThanOrEqual(1e-9);
    expect(0.99 ** (POG_OPENINGS - 1)).toBeGreaterThan(1e-9);
  });

  it('accepts honest openings and classes the device by what it measured', () => {
    const r = round();
    const verdict = r.verify(r.segments);
    expect(verdict).toMatchObject({ accepted: true, reason: 'ok' });
    expect(verdict.provenClass).toBe(provenClass(verdict.measuredGflops));
  });

  it('rejects a single wrong value even with a digest and path made for it', () => {
    const r = round({ S: 1, k: 1 });
    const seg = r.segments[0]!;
    const values = seg.values.map((v, i) => (i === 17 ? v + 1 : v));
    // The cheater commits to the wrong value honestly: rebuild the tree around the forged leaf.
    const forged = leafDigest(digestKey(seedBytes(r.challenge.seed)), seg.block, seg.row, seg.col, values);
    let node: Buffer = forged;
    let index = seg.row * (n / 64) + seg.col;
    for (const sibling of seg.path.map((p) => Buffer.from(p, 'hex'))) {
      node = index % 2 === 0 ? nodeDigest(node, sibling) : nodeDigest(sibling, node);
      index >>= 1;
    }
    const body = {
      ...r.commitment.body,
      blockRoots: [node.toString('hex')],
      topRoot: merkleRoot([node]).toString('hex'),
    };
    const commitment: PogCommitment = {
      body,
      signature: Buffer.from(identity.sign(canonicalJson(body))).toString('hex'),
    };
    const check = verifyCommitment(r.challenge, commitment, r.challenge.issuedAt + 10);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const verdict = verifyOpenings(r.challenge, check, r.request, {
      challengeId: r.challenge.challengeId,
      segments: [{ ...seg, values }],
    }).verdict;
    expect(verdict).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^wrong result in block 0/),
    });
  });

  it('rejects a broken path and an answer to a different segment', () => {
    const r = round();
    const badPath = r.segments.map((s, i) => (i === 3 ? { ...s, path: [...s.path].reverse() } : s));
    expect(r.verify(badPath).reason).toMatch(/^opening 3 .* does not match the commitment/);
    const moved = r.segments.map((s, i) => (i === 5 ? { ...s, row: (s.row + 1) % n } : s));
    expect(r.verify(moved).reason).toMatch(/^opening 5 answers a different segment/);
  });

  it('rejects a late commitment, a changed root list and a signature over another body', () => {
    const r = round();
    const late = verifyCommitment(
      r.challenge,
      r.commitment,
      r.challenge.issuedAt + r.challenge.deadlineMs + 1,
    );
    expect(late.ok || late.verdict.reason).toMatch(/^timed out after/);
    const body = { ...r.commitment.body, blockRoots: [...r.commitment.body.blockRoots].reverse() };
    const unsigned = verifyCommitment(r.challenge, { ...r.commitment, body }, r.challenge.issuedAt + 10);
    expect(unsigned.ok || unsigned.verdict.reason).toMatch(/not signed by this device's key/);
  });

  it('sizes challenges from the class and proves only the class that was measured', () => {
    expect(proofClass('rtx-4090').gflops).toBeCloseTo(82.6 * 350);
    expect(blocksFor(proofClass('rtx-4090'), 1024)).toBe(Math.round((28_910 * 1e6 * 2500) / (2 * 1024 ** 3)));
    expect(proofClass('no-such-gpu').id).toBe('software');
    expect(provenClass(0.5)).toBeNull();
    expect(provenClass(3000)).toBe('m2-pro');
    expect(provenClass(5000)).toBe('rtx-3060');
    expect(provenClass(30_000)).toBe('rtx-4090');
    const c = createChallenge(identity, 'rtx-3060', {});
    expect(c.referenceMs).toBeGreaterThan(2000);
    expect(c.referenceMs).toBeLessThan(3000);
    expect(c.deadlineMs).toBeCloseTo(3 * c.referenceMs + 5000);
  });
});
