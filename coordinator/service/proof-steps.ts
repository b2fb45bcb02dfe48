// What the proof-of-GPU steps over HTTP share (coordinator/service/proofs.ts for the challenge and
// the compute phase, memory-proofs.ts for the memory phase): the challenge row, the refusal of an
// answer out of turn, and the final verdict that sets the device's status in the same commit.
import { provenClassSchema, type ProofVerdictResponse } from '../../common/network-api.js';
import type { PogVerdict } from '../../common/proof-of-gpu.js';
import type { CoordinatorParams } from '../params.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import { sql } from '../store/statements.js';
import { ApiError } from './api-error.js';
import { failedChange, type BaseChange, type DeviceService } from './devices.js';
import type { DeviceRow } from './lifecycle.js';

/**
 * open -> committed (compute openings sent) -> done; a version 2 challenge whose compute phase
 * passed goes on: filling (waiting for "buffer filled") -> walking (walk seed sent) -> walked (walk
 * openings sent) -> done. void: replaced by a newer challenge; expired: unanswered too long.
 */
export type ChallengeState =
  'open' | 'committed' | 'filling' | 'walking' | 'walked' | 'done' | 'void' | 'expired';

/** The states a challenge can still be answered in. */
export const UNFINISHED = `('open', 'committed', 'filling', 'walking', 'walked')`;

export interface ChallengeRow {
  id: string;
  device_id: string;
  challenge_json: string;
  issued_at: number;
  state: ChallengeState;
  commitment_json: string | null;
  openings_json: string | null;
  elapsed_ms: number | null;
  measured_gflops: number | null;
  verdict_json: string | null;
  compute_verdict_json: string | null;
  memory_ready_json: string | null;
  walk_json: string | null;
  walk_issued_at: number | null;
  memory_commitment_json: string | null;
  memory_openings_json: string | null;
  memory_elapsed_ms: number | null;
}

export interface ProofServiceOptions {
  db: Db;
  commit: GroupCommit;
  devices: DeviceService;
  params: CoordinatorParams;
  now: () => number;
}

export const parse = <T>(json: string | null) => JSON.parse(json!) as T;

export abstract class ProofSteps {
  constructor(protected readonly o: ProofServiceOptions) {}

  /** This device's challenge with that id, or a refusal that names why there is none. */
  protected row(deviceId: string, id: string): ChallengeRow {
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

  /** Inside the write that moves a challenge on: a block or a newer challenge may have come meanwhile. */
  protected recheck(deviceId: string, id: string, state: ChallengeState): void {
    assertNotBlocked(this.o.devices.get(deviceId)!);
    expectState(this.row(deviceId, id), state);
  }

  protected failure(verdict: PogVerdict, now: number): BaseChange {
    return failedChange(`Proof of GPU failed: ${verdict.reason}.`, now + this.o.params.proofRetryMs);
  }

  /**
   * The final verdict, in one commit with the device's status: verified with the class it proved
   * (and the memory it held), or failed until its retry time. `set` stores the step's own columns.
   */
  protected async settle(
    device: DeviceRow,
    id: string,
    from: ChallengeState,
    verdict: PogVerdict,
    set: { sql: string; values: unknown[] } = { sql: '', values: [] },
  ): Promise<ProofVerdictResponse> {
    const now = this.o.now();
    const change = verdict.accepted
      ? this.o.devices.verifiedChange(
          provenClassSchema.nullable().parse(verdict.provenClass),
          verdict.measuredGflops,
          verdict.memoryBytes ?? null,
        )
      : this.failure(verdict, now);
    await this.o.devices.transition(device.id, () => {
      this.recheck(device.id, id, from);
      sql(
        this.o.db,
        `UPDATE proof_challenges SET state = 'done', verdict_json = ?, settled_at = ?${set.sql} WHERE id = ?`,
      ).run(JSON.stringify(verdict), now, ...set.values, id);
      return { change, value: undefined };
    });
    return { verdict, device: this.deviceResponse(device.id) };
  }

  protected deviceResponse(deviceId: string) {
    return this.o.devices.toResponse(this.o.devices.get(deviceId)!);
  }
}

export function assertNotBlocked(device: DeviceRow): void {
  if (device.base_status === 'blocked')
    throw new ApiError(403, 'blocked', `Device is blocked: ${device.status_reason}`);
}

const WHY: Record<ChallengeState, string> = {
  open: 'has no commitment yet: POST /v1/proof/commitment first',
  committed: 'already has a commitment: answer its openings (POST /v1/proof/openings)',
  filling:
    'passed its compute phase and waits for the memory phase: fill the buffer, then POST /v1/proof/memory/ready',
  walking: 'already has its walk seed: walk the buffer and POST /v1/proof/memory/commitment',
  walked: 'already has a walk commitment: answer its walk openings (POST /v1/proof/memory/openings)',
  done: '',
  void: 'was replaced by a newer challenge: answer the latest one',
  expired: 'was left unanswered too long and expired: POST /v1/proof/challenge for a new one',
};

/** Refuses an answer to a challenge that is not at the step the answer belongs to. */
export function expectState(row: ChallengeRow, state: ChallengeState): ChallengeRow {
  if (row.state === state) return row;
  let why = WHY[row.state];
  if (row.state === 'done') {
    const verdict = parse<PogVerdict>(row.verdict_json);
    why = `is already settled (${verdict.accepted ? 'accepted' : `rejected: ${verdict.reason}`}); a challenge is answered once`;
  }
  throw new ApiError(409, 'stale-challenge', `challenge ${row.id} ${why}`);
}
