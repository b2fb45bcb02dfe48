// The node's side of the network API (common/network-api.ts): every request signed with the device
// key, every response checked against its schema. Two kinds of failure, because the node treats them
// differently: the network could not be reached (keep the work, retry with backoff) and the network
// answered no (a reason to show and act on, never retried as is).
import type { z } from 'zod';
import {
  API_PREFIX,
  deviceStatusResponseSchema,
  earningsResponseSchema,
  errorResponseSchema,
  leaseResponseSchema,
  ledgerEntriesResponseSchema,
  networkInfoSchema,
  networkStatsSchema,
  payoutSchema,
  payoutsResponseSchema,
  proofCommitmentResponseSchema,
  proofMemoryCommitmentResponseSchema,
  proofMemoryWalkResponseSchema,
  proofOpeningsResponseSchema,
  proofVerdictResponseSchema,
  submitResultResponseSchema,
  type HeartbeatRequest,
  type ProofChallengeRequest,
  type RegisterRequest,
  type SubmitResultRequest,
} from '../../common/network-api.js';
import {
  pogChallengeSchema,
  type PogCommitment,
  type PogMemoryAnswer,
  type PogMemoryCommitment,
  type PogMemoryReady,
  type PogOpeningAnswer,
} from '../../common/proof-of-gpu.js';
import { signRequest } from '../../common/node/signed-request.js';
import {
  releaseResponseSchema,
  stakeStatusSchema,
  unstakeSchema,
  type UnstakeRequest,
} from '../../common/staking-api.js';
import { describeZodError } from '../../common/zod-errors.js';
import type { DeviceIdentity } from '../identity/device-identity.js';

/** The coordinator could not be reached or answered garbage: worth retrying later. */
export class NetworkUnavailableError extends Error {
  override readonly name = 'NetworkUnavailableError';
}

/** The coordinator refused the request (4xx with {error, message}). */
export class CoordinatorRefusedError extends Error {
  override readonly name = 'CoordinatorRefusedError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CoordinatorClientOptions {
  baseUrl: string;
  identity: DeviceIdentity;
  /** Per request; a proof's openings carry thousands of segments, so it is generous. */
  timeoutMs?: number;
  now?: () => number;
}

export class CoordinatorClient {
  private readonly baseUrl: string;

  constructor(private readonly o: CoordinatorClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
  }

  get url(): string {
    return this.baseUrl;
  }

  info() {
    return this.call('GET', `${API_PREFIX}/network`, undefined, networkInfoSchema, false);
  }
  /** The explorer's figures (public). */
  stats() {
    return this.call('GET', `${API_PREFIX}/stats`, undefined, networkStatsSchema, false);
  }
  register(body: RegisterRequest) {
    return this.call('POST', `${API_PREFIX}/devices/register`, body, deviceStatusResponseSchema);
  }
  deviceStatus() {
    return this.call('GET', `${API_PREFIX}/devices/status`, undefined, deviceStatusResponseSchema);
  }
  heartbeat(body: HeartbeatRequest) {
    return this.call('POST', `${API_PREFIX}/devices/heartbeat`, body, deviceStatusResponseSchema);
  }
  lease(max: number) {
    return this.call('POST', `${API_PREFIX}/jobs/lease`, { max }, leaseResponseSchema);
  }
  submit(body: SubmitResultRequest) {
    return this.call('POST', `${API_PREFIX}/results`, body, submitResultResponseSchema);
  }
  earnings() {
    return this.call('GET', `${API_PREFIX}/earnings`, undefined, earningsResponseSchema);
  }
  ledger() {
    return this.call('GET', `${API_PREFIX}/earnings/entries`, undefined, ledgerEntriesResponseSchema);
  }
  /** Pays the verified earnings to `wallet`; the same claimId answers the same payout, never a second one. */
  claimPayout(claimId: string, wallet: string) {
    return this.call('POST', `${API_PREFIX}/payouts/claim`, { claimId, wallet }, payoutSchema);
  }
  payouts() {
    return this.call('GET', `${API_PREFIX}/payouts`, undefined, payoutsResponseSchema);
  }
  stakeStatus() {
    return this.call('GET', `${API_PREFIX}/stake`, undefined, stakeStatusSchema);
  }
  /** Opens this device's vault for `wallet` (idempotent for the same wallet; another is refused: fixed once chosen). */
  openStakeVault(wallet: string) {
    return this.call('POST', `${API_PREFIX}/stake/vault`, { wallet }, stakeStatusSchema);
  }
  unstake(body: UnstakeRequest) {
    return this.call('POST', `${API_PREFIX}/stake/unstake`, body, unstakeSchema);
  }
  /** The network-signed release transaction for the wallet to add its signature to; 409 cooldown before its time. */
  releaseStake(requestId: string) {
    return this.call('POST', `${API_PREFIX}/stake/release`, { requestId }, releaseResponseSchema);
  }
  /** `limits`: the adapter's storage limits, which cap the memory phase's buffer. */
  proofChallenge(body: ProofChallengeRequest = {}) {
    return this.call('POST', `${API_PREFIX}/proof/challenge`, body, pogChallengeSchema);
  }
  proofCommitment(body: PogCommitment) {
    return this.call('POST', `${API_PREFIX}/proof/commitment`, body, proofCommitmentResponseSchema);
  }
  /** The final verdict, or `memoryPending`: the memory phase comes next. */
  proofOpenings(body: PogOpeningAnswer) {
    return this.call('POST', `${API_PREFIX}/proof/openings`, body, proofOpeningsResponseSchema);
  }
  proofMemoryReady(body: PogMemoryReady) {
    return this.call('POST', `${API_PREFIX}/proof/memory/ready`, body, proofMemoryWalkResponseSchema);
  }
  proofMemoryCommitment(body: PogMemoryCommitment) {
    return this.call(
      'POST',
      `${API_PREFIX}/proof/memory/commitment`,
      body,
      proofMemoryCommitmentResponseSchema,
    );
  }
  proofMemoryOpenings(body: PogMemoryAnswer) {
    return this.call('POST', `${API_PREFIX}/proof/memory/openings`, body, proofVerdictResponseSchema);
  }

  private async call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    signed = true,
  ): Promise<z.infer<S>> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signed) Object.assign(headers, signRequest(this.o.identity, method, path, text, this.o.now?.()));
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: method === 'GET' ? undefined : text,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 60_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new NetworkUnavailableError(
        `cannot reach the network at ${this.baseUrl} (${cause ?? (error as Error).message})`,
      );
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new NetworkUnavailableError(`the network answered ${response.status} without JSON on ${path}`);
    }
    if (!response.ok) {
      const refusal = errorResponseSchema.safeParse(json);
      // Gateway trouble and overload are the network being away, not a refusal of this request.
      if (response.status >= 500 || !refusal.success)
        throw new NetworkUnavailableError(
          `the network answered ${response.status} on ${path}${refusal.success ? `: ${refusal.data.message}` : ''}`,
        );
      throw new CoordinatorRefusedError(response.status, refusal.data.error, refusal.data.message);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new NetworkUnavailableError(`unexpected answer on ${path}: ${describeZodError(parsed.error)}`);
    return parsed.data;
  }
}
