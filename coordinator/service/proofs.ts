// The proof of GPU over HTTP: a challenge sized for the claimed class, the signed commitment timed by
// the coordinator's clock, openings drawn only after it, and a verdict that sets the device's status
// (verified with the class it proved, or failed with a retry time). Challenges are single-use: a new
// one voids the device's unfinished ones, and an answer to anything but the live one is refused.
import { canonicalJson } from '../../common/canonical-json.js';
import {
  provenClassSchema,
  type ProofCommitmentResponse,
  type ProofVerdictResponse,
} from '../../common/network-api.js';
import type {
  PogChallenge,
  PogCommitment,
  PogOpeningAnswer,
  PogOpeningRequest,
  PogVerdict,
} from '../../common/proof-of-gpu.js';
import { SOFTWARE_CLASS } from '../proof/classes.js';
import { chooseOpenings, createChallenge, verifyCommitment, verifyOpenings } from '../proof/verifier.js';
import type { CoordinatorParams } from '../params.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import { sql } from '../store/statements.js';
import { ApiError } from './api-error.js';
import { failedChange, type BaseChange, type DeviceService } from './devices.js';
import type { DeviceRow } from './lifecycle.js';

interface ChallengeRow {
  id: string;
  device_id: string;
  challenge_json: string;
  state: 'open' | 'committed' | 'done' | 'void';
  commitment_json: string | null;
  openings_json: string | null;
  elapsed_ms: number | null;
  measured_gflops: number | null;
  verdict_json: string | null;
}

export interface ProofServiceOptions {
  db: Db;
  commit: GroupCommit;
  devices: DeviceService;
  params: CoordinatorParams;
  now: () => number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class ProofService {
  constructor(private readonly o: ProofServiceOptions) {}

  /** A fresh challenge for the device's claimed class (a CPU adapter or no claim: 'software'). */
  async challenge(device: DeviceRow): Promise<PogChallenge> {
    const now = this.o.now();
    this.assertMayProve(device, now);
    const challenge = createChallenge({ deviceId: device.id }, device.claimed_class ?? SOFTWARE_CLASS.id, {
      ...this.o.params.proofChallenge,
      now,
    });
    await this.o.commit.run(() => {
      sql(
        this.o.db,
        `UPDATE proof_challenges SET state = 'void', settled_at = ?
           WHERE device_id = ? AND state IN ('open', 'committed')`,
      ).run(now, device.id);
      sql(
        this.o.db,
        `INSERT INTO proof_challenges (id, device_id, challenge_json, issued_at, state) VALUES (?, ?, ?, ?, 'open')`,
      ).run(challenge.challengeId, device.id, JSON.stringify(challenge), challenge.issuedAt);
    });
    return challenge;
  }

  /** Checks the commitment on arrival; answers the openings to reveal, or the rejecting verdict. */
  async commitment(device: DeviceRow, commitment: PogCommitment): Promise<ProofCommitmentResponse> {
    const receivedAt = this.o.now();
    assertNotBlocked(device);
    const id = commitment.body.challengeId;
    const sent = canonicalJson(commitment);
    const row = this.row(device.id, id);
    // The same commitment again (its answer was lost on the way): the same answer, nothing changes.
    if (row.commitment_json === sent && row.state === 'committed')
      return { openings: JSON.parse(row.openings_json!) as PogOpeningRequest, verdict: null };
    if (row.commitment_json === sent && row.state === 'done' && row.openings_json === null)
      return { openings: null, verdict: JSON.parse(row.verdict_json!) as PogVerdict };
    expectState(row, 'open');
    const challenge = JSON.parse(row.challenge_json) as PogChallenge;
    const check = verifyCommitment(challenge, commitment, receivedAt);
    if (!check.ok) {
      const { verdict } = check;
      return this.o.devices.transition(device.id, () => {
        this.recheck(device.id, id, 'open');
        sql(
          this.o.db,
          `UPDATE proof_challenges SET state = 'done', commitment_json = ?, verdict_json = ?, settled_at = ?
             WHERE id = ?`,
        ).run(sent, JSON.stringify(verdict), receivedAt, id);
        return { change: this.failure(verdict, receivedAt), value: { openings: null, verdict } };
      });
    }
    const openings = chooseOpenings(challenge);
    await this.o.commit.run(() => {
      this.recheck(device.id, id, 'open');
      sql(
        this.o.db,
        `UPDATE proof_challenges SET state = 'committed', commitment_json = ?, openings_json = ?,
             elapsed_ms = ?, measured_gflops = ? WHERE id = ?`,
      ).run(sent, JSON.stringify(openings), check.elapsedMs, check.measuredGflops, id);
    });
    return { openings, verdict: null };
  }

  /** Checks the opened segments against the commitment; the verdict sets the device's status. */
  async openings(device: DeviceRow, answer: PogOpeningAnswer): Promise<ProofVerdictResponse> {
    assertNotBlocked(device);
    const id = answer.challengeId;
    const row = expectState(this.row(device.id, id), 'committed');
    const challenge = JSON.parse(row.challenge_json) as PogChallenge;
    const check = {
      ok: true as const,
      commitment: JSON.parse(row.commitment_json!) as PogCommitment,
      elapsedMs: row.elapsed_ms!,
      measuredGflops: row.measured_gflops!,
    };
    const request = JSON.parse(row.openings_json!) as PogOpeningRequest;
    const { verdict } = verifyOpenings(challenge, check, request, answer);
    const now = this.o.now();
    const change = verdict.accepted
      ? this.o.devices.verifiedChange(
          provenClassSchema.nullable().parse(verdict.provenClass),
          check.measuredGflops,
        )
      : this.failure(verdict, now);
    await this.o.devices.transition(device.id, () => {
      this.recheck(device.id, id, 'committed');
      sql(
        this.o.db,
        `UPDATE proof_challenges SET state = 'done', verdict_json = ?, settled_at = ? WHERE id = ?`,
      ).run(JSON.stringify(verdict), now, id);
      return { change, value: undefined };
    });
    return { verdict, device: this.o.devices.toResponse(this.o.devices.get(device.id)!) };
  }

  /** Inside the write that settles a verdict: a block or a newer challenge may have come meanwhile. */
  private recheck(deviceId: string, id: string, state: 'open' | 'committed'): void {
    assertNotBlocked(this.o.devices.get(deviceId)!);
    expectState(this.row(deviceId, id), state);
  }

  private failure(verdict: PogVerdict, now: number): BaseChange {
    return failedChange(`Proof of GPU failed: ${verdict.reason}.`, now + this.o.params.proofRetryMs);
  }

  /** Pending devices prove at once; verified and failed ones when their next proof is due. */
  private assertMayProve(device: DeviceRow, now: number): void {
    assertNotBlocked(device);
    if (device.base_status === 'pending') return;
    const due = device.proof_due_at;
    if (due !== null && due <= now) return;
    const message =
      device.base_status === 'verified'
        ? due === null
          ? 'no proof of GPU is scheduled for this verified device'
          : `the next proof of GPU is due at ${iso(due)}; ask for a challenge then`
        : due === null
          ? `the last proof of GPU failed and no retry is scheduled: ${device.status_reason}`
          : `the last proof of GPU failed; a new challenge can be asked for from ${iso(due)} (${device.status_reason})`;
    throw new ApiError(409, 'proof-not-due', message);
  }

  /** This device's challenge with that id, or a refusal that names why there is none. */
  private row(deviceId: string, id: string): ChallengeRow {
    const row = sql(this.o.db, 'SELECT * FROM proof_challenges WHERE id = ?').get(id) as
      ChallengeRow | undefined;
    if (!row || row.device_id !== deviceId)
      throw new ApiError(
        409,
        'stale-challenge',
        `no challenge ${id} was issued to this device: POST /v1/proof/challenge for one`,
      );
    return row;
  }
}

function assertNotBlocked(device: DeviceRow): void {
  if (device.base_status === 'blocked')
    throw new ApiError(403, 'blocked', `Device is blocked: ${device.status_reason}`);
}

/** Refuses an answer to a challenge that is not at the step the answer belongs to. */
function expectState(row: ChallengeRow, state: 'open' | 'committed'): ChallengeRow {
  if (row.state === state) return row;
  const verdict = row.verdict_json ? (JSON.parse(row.verdict_json) as PogVerdict) : null;
  const why =
    row.state === 'void'
      ? 'was replaced by a newer challenge: answer the latest one'
      : row.state === 'done'
        ? `is already settled (${verdict!.accepted ? 'accepted' : `rejected: ${verdict!.reason}`}); a challenge is answered once`
        : row.state === 'open'
          ? 'has no commitment yet: POST /v1/proof/commitment first'
          : 'already has a commitment: answer its openings (POST /v1/proof/openings)';
  throw new ApiError(409, 'stale-challenge', `challenge ${row.id} ${why}`);
}
