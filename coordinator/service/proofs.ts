// The proof of GPU over HTTP: a challenge sized for the claimed class, the signed commitment timed by
// the coordinator's clock, openings drawn only after it, and a verdict that sets the device's status
// (verified with the class it proved, or failed with a retry time). A version 2 challenge goes on to
// the memory phase (memory-proofs.ts) once its compute phase passes. Challenges are single-use: a
// new one voids the device's unfinished ones, the sweep expires old ones, and an answer to anything
// but the live one at its step is refused.
import { canonicalJson } from '../../common/canonical-json.js';
import type {
  ProofChallengeRequest,
  ProofCommitmentResponse,
  ProofOpeningsResponse,
} from '../../common/network-api.js';
import type {
  PogChallenge,
  PogCommitment,
  PogOpeningAnswer,
  PogOpeningRequest,
  PogVerdict,
} from '../../common/proof-of-gpu.js';
import { memoryCapacityBytes } from '../../common/node/proof/proof-of-gpu-memory.js';
import { SOFTWARE_CLASS } from '../../common/node/proof/classes.js';
import {
  chooseOpenings,
  createChallenge,
  verifyCommitment,
  verifyOpenings,
} from '../../common/node/proof/verifier.js';
import { sql } from '../store/statements.js';
import { ApiError } from './api-error.js';
import type { DeviceRow } from './lifecycle.js';
import { MemoryProofService } from './memory-proofs.js';
import {
  assertNotBlocked,
  expectState,
  parse,
  ProofSteps,
  UNFINISHED,
  type ProofServiceOptions,
} from './proof-steps.js';

export type { ProofServiceOptions } from './proof-steps.js';

const iso = (ms: number) => new Date(ms).toISOString();

export class ProofService extends ProofSteps {
  /** The memory phase's three steps. */
  readonly memory: MemoryProofService;

  constructor(o: ProofServiceOptions) {
    super(o);
    this.memory = new MemoryProofService(o);
  }

  /**
   * A fresh challenge for the device's claimed class (a CPU adapter or no claim: 'software'). Its
   * memory phase asks for the class's figure, capped by what the reported limits let the device
   * bind; no limits: the class's whole figure (omitting them never skips the memory phase).
   */
  async challenge(device: DeviceRow, request: ProofChallengeRequest = {}): Promise<PogChallenge> {
    const now = this.o.now();
    this.assertMayProve(device, now);
    const { memory, ...sizes } = this.o.params.proofChallenge;
    const limits = request.limits;
    const capBytes = limits
      ? memoryCapacityBytes(Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)))
      : undefined;
    const challenge = createChallenge({ deviceId: device.id }, device.claimed_class ?? SOFTWARE_CLASS.id, {
      ...sizes,
      now,
      memory: { ...memory, ...(capBytes === undefined ? {} : { capBytes }) },
    });
    await this.o.commit.run(() => {
      sql(
        this.o.db,
        `UPDATE proof_challenges SET state = 'void', settled_at = ? WHERE device_id = ? AND state IN ${UNFINISHED}`,
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
      return { openings: parse<PogOpeningRequest>(row.openings_json), verdict: null };
    if (row.commitment_json === sent && row.state === 'done' && row.openings_json === null)
      return { openings: null, verdict: parse<PogVerdict>(row.verdict_json) };
    expectState(row, 'open');
    const challenge = parse<PogChallenge>(row.challenge_json);
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

  /**
   * Checks the opened segments against the commitment. A rejection, or an acceptance without a
   * memory phase, is the final verdict; an accepted version 2 challenge waits for the memory phase.
   */
  async openings(device: DeviceRow, answer: PogOpeningAnswer): Promise<ProofOpeningsResponse> {
    assertNotBlocked(device);
    const id = answer.challengeId;
    const row = expectState(this.row(device.id, id), 'committed');
    const challenge = parse<PogChallenge>(row.challenge_json);
    const check = {
      ok: true as const,
      commitment: parse<PogCommitment>(row.commitment_json),
      elapsedMs: row.elapsed_ms!,
      measuredGflops: row.measured_gflops!,
    };
    const request = parse<PogOpeningRequest>(row.openings_json);
    const { verdict } = verifyOpenings(challenge, check, request, answer);
    if (!verdict.accepted || !challenge.memory)
      return { ...(await this.settle(device, id, 'committed', verdict)), memoryPending: null };
    await this.o.commit.run(() => {
      this.recheck(device.id, id, 'committed');
      sql(
        this.o.db,
        `UPDATE proof_challenges SET state = 'filling', compute_verdict_json = ? WHERE id = ?`,
      ).run(JSON.stringify(verdict), id);
    });
    return { verdict: null, device: null, memoryPending: { compute: verdict } };
  }

  /**
   * The sweep's part: unfinished challenges older than `proofChallengeTtlMs` expire (the fill is
   * untimed, so one could wait for ever). Nothing else changes: the device asks for a new one.
   */
  expire(now: number): number {
    return sql(
      this.o.db,
      `UPDATE proof_challenges SET state = 'expired', settled_at = ?
         WHERE state IN ${UNFINISHED} AND issued_at <= ?`,
    ).run(now, now - this.o.params.proofChallengeTtlMs).changes;
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
}
