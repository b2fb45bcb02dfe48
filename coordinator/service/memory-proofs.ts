// The proof of GPU's memory phase over HTTP, after an accepted compute phase (docs/proof-of-gpu.md,
// "Memory phase"): the device says its buffer is filled (untimed), gets a fresh walk seed (the
// coordinator's clock starts with that answer), sends its signed walk commitment (timed on
// arrival), then re-walks the walkers drawn only now. Any failure is the final verdict: the device
// is failed until its retry time, as for the compute phase; a pass verifies it with the compute
// phase's class and records the memory it held.
import { canonicalJson } from '../../common/canonical-json.js';
import type {
  ProofMemoryCommitmentResponse,
  ProofMemoryWalkResponse,
  ProofVerdictResponse,
} from '../../common/network-api.js';
import type {
  PogChallenge,
  PogMemoryAnswer,
  PogMemoryCommitment,
  PogMemoryOpeningRequest,
  PogMemoryReady,
  PogMemoryWalk,
  PogVerdict,
} from '../../common/proof-of-gpu.js';
import {
  chooseMemoryOpenings,
  verifyMemoryCommitment,
  verifyMemoryOpenings,
  verifyMemoryReady,
  withMemory,
  type MemoryWalkStart,
} from '../../common/node/proof/memory-verifier.js';
import { sql } from '../store/statements.js';
import type { DeviceRow } from './lifecycle.js';
import { assertNotBlocked, expectState, parse, ProofSteps, type ChallengeRow } from './proof-steps.js';

const computeVerdict = (row: ChallengeRow) => parse<PogVerdict>(row.compute_verdict_json);

export class MemoryProofService extends ProofSteps {
  /** "Buffer filled": the walk seed (the walk is timed from this answer), or the final verdict. */
  async ready(device: DeviceRow, ready: PogMemoryReady): Promise<ProofMemoryWalkResponse> {
    const receivedAt = this.o.now();
    assertNotBlocked(device);
    const id = ready.body.challengeId;
    const sent = canonicalJson(ready);
    const row = this.row(device.id, id);
    // The same message again (the answer was lost): the same walk seed, its clock still running.
    if (row.memory_ready_json === sent && row.state === 'walking')
      return { walk: parse<PogMemoryWalk>(row.walk_json), verdict: null, device: null };
    if (row.memory_ready_json === sent && row.state === 'done' && row.walk_json === null)
      return { walk: null, ...this.again(row) };
    expectState(row, 'filling');
    const challenge = parse<PogChallenge>(row.challenge_json);
    const start = verifyMemoryReady(challenge, ready, receivedAt);
    if (!start.ok) {
      const verdict = withMemory(computeVerdict(row), start.verdict);
      const settled = await this.settle(device, id, 'filling', verdict, {
        sql: ', memory_ready_json = ?',
        values: [sent],
      });
      return { walk: null, ...settled };
    }
    // The clock starts when this answer leaves: its time is taken just before the commit it waits on.
    const issuedAt = this.o.now();
    await this.o.commit.run(() => {
      this.recheck(device.id, id, 'filling');
      sql(
        this.o.db,
        `UPDATE proof_challenges SET state = 'walking', memory_ready_json = ?, walk_json = ?, walk_issued_at = ?
           WHERE id = ?`,
      ).run(sent, JSON.stringify(start.walk), issuedAt, id);
    });
    return { walk: start.walk, verdict: null, device: null };
  }

  /** The walk commitment, timed on arrival: the walkers to re-walk, or the final verdict. */
  async commitment(
    device: DeviceRow,
    commitment: PogMemoryCommitment,
  ): Promise<ProofMemoryCommitmentResponse> {
    const receivedAt = this.o.now();
    assertNotBlocked(device);
    const id = commitment.body.challengeId;
    const sent = canonicalJson(commitment);
    const row = this.row(device.id, id);
    if (row.memory_commitment_json === sent && row.state === 'walked')
      return {
        openings: parse<PogMemoryOpeningRequest>(row.memory_openings_json),
        verdict: null,
        device: null,
      };
    if (row.memory_commitment_json === sent && row.state === 'done' && row.memory_openings_json === null)
      return { openings: null, ...this.again(row) };
    expectState(row, 'walking');
    const challenge = parse<PogChallenge>(row.challenge_json);
    const check = verifyMemoryCommitment(challenge, walkStart(row), commitment, receivedAt);
    if (!check.ok) {
      const verdict = withMemory(computeVerdict(row), check.verdict);
      const settled = await this.settle(device, id, 'walking', verdict, {
        sql: ', memory_commitment_json = ?, memory_elapsed_ms = ?',
        values: [sent, receivedAt - row.walk_issued_at!],
      });
      return { openings: null, ...settled };
    }
    const openings = chooseMemoryOpenings(challenge);
    await this.o.commit.run(() => {
      this.recheck(device.id, id, 'walking');
      sql(
        this.o.db,
        `UPDATE proof_challenges SET state = 'walked', memory_commitment_json = ?, memory_openings_json = ?,
           memory_elapsed_ms = ? WHERE id = ?`,
      ).run(sent, JSON.stringify(openings), check.elapsedMs, id);
    });
    return { openings, verdict: null, device: null };
  }

  /** The re-walked walkers: the final verdict of the whole proof, and the device's status. */
  async openings(device: DeviceRow, answer: PogMemoryAnswer): Promise<ProofVerdictResponse> {
    assertNotBlocked(device);
    const id = answer.challengeId;
    const row = expectState(this.row(device.id, id), 'walked');
    const challenge = parse<PogChallenge>(row.challenge_json);
    const check = { commitment: parse<PogMemoryCommitment>(row.memory_commitment_json) };
    const request = parse<PogMemoryOpeningRequest>(row.memory_openings_json);
    const result = verifyMemoryOpenings(challenge, walkStart(row), check, request, answer);
    return this.settle(device, id, 'walked', withMemory(computeVerdict(row), result.verdict));
  }

  /** A step already settled by this very message: its verdict again, nothing changes. */
  private again(row: ChallengeRow) {
    return { verdict: parse<PogVerdict>(row.verdict_json), device: this.deviceResponse(row.device_id) };
  }
}

function walkStart(row: ChallengeRow): MemoryWalkStart {
  return { walk: parse<PogMemoryWalk>(row.walk_json), issuedAt: row.walk_issued_at! };
}
