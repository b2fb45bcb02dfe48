// The coordinator's HTTP API, one entry per route: path, who may call it, the request and response
// schemas (the OpenAPI document is generated from this same table) and the handler.
import bs58 from 'bs58';
import { z } from 'zod';
import {
  API_PREFIX,
  deviceStatusResponseSchema,
  earningsResponseSchema,
  ledgerEntriesResponseSchema,
  heartbeatRequestSchema,
  leaseRequestSchema,
  leaseResponseSchema,
  networkInfoSchema,
  networkStatsSchema,
  payoutClaimRequestSchema,
  payoutSchema,
  payoutsResponseSchema,
  proofChallengeRequestSchema,
  proofCommitmentResponseSchema,
  proofMemoryCommitmentResponseSchema,
  proofMemoryWalkResponseSchema,
  proofOpeningsResponseSchema,
  proofVerdictResponseSchema,
  registerRequestSchema,
  submitResultRequestSchema,
  submitResultResponseSchema,
  type NetworkInfo,
} from '../common/network-api.js';
import {
  pogChallengeSchema,
  pogCommitmentSchema,
  pogMemoryAnswerSchema,
  pogMemoryCommitmentSchema,
  pogMemoryReadySchema,
  pogOpeningAnswerSchema,
} from '../common/proof-of-gpu.js';
import type { Route } from './http/router.js';
import type { DeviceService } from './service/devices.js';
import type { JobQueue } from './service/jobs.js';
import type { PayoutService } from './service/payouts.js';
import type { ProofService } from './service/proofs.js';
import type { ResultService } from './service/results.js';
import { stakeRoutes } from './staking/stake-routes.js';
import type { StakingService } from './staking/staking-service.js';
import { earningsOf, ledgerEntriesOf, networkStats } from './service/stats.js';
import type { Db } from './store/database.js';
import type { GroupCommit } from './store/group-commit.js';

export interface RouteDeps {
  db: Db;
  commit: GroupCommit;
  devices: DeviceService;
  jobs: JobQueue;
  results: ResultService;
  payouts: PayoutService;
  staking: StakingService;
  proofs: ProofService;
  info: NetworkInfo;
  now: () => number;
  openapi: () => unknown;
}

const route = <B>(r: Route<B>) => r as unknown as Route<never>;

export function buildRoutes(d: RouteDeps): Route<never>[] {
  const device = (id: string | null) => d.devices.get(id!)!;
  return [
    route({
      method: 'POST',
      path: `${API_PREFIX}/devices/register`,
      auth: 'register',
      summary: 'Register this device (or update its hardware and benchmark); starts as pending.',
      body: registerRequestSchema,
      response: deviceStatusResponseSchema,
      handle: async ({ deviceId, body }) =>
        d.devices.toResponse(await d.devices.register(deviceId!, bs58.decode(deviceId!), body)),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/devices/heartbeat`,
      auth: 'signed',
      summary: "Announce liveness and the governor's decision (accepting jobs or not, and why).",
      body: heartbeatRequestSchema,
      response: deviceStatusResponseSchema,
      handle: async ({ deviceId, body }) => d.devices.toResponse(await d.devices.heartbeat(deviceId!, body)),
    }),
    route({
      method: 'GET',
      path: `${API_PREFIX}/devices/status`,
      auth: 'signed',
      summary: "This device's status, the reason in words, and when it is checked next.",
      response: deviceStatusResponseSchema,
      handle: ({ deviceId }) => d.devices.toResponse(device(deviceId)),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/proof/challenge`,
      auth: 'signed',
      summary:
        "A fresh proof-of-GPU challenge sized for the claimed class; voids any unfinished one. `limits` (the adapter's storage limits) caps the memory phase's buffer; without them the device must hold the class's whole figure. Version 2 challenges carry `memory`. Not yet due: 409 proof-not-due; blocked: 403.",
      body: proofChallengeRequestSchema,
      response: pogChallengeSchema,
      moreErrors: [403],
      handle: ({ deviceId, body }) => d.proofs.challenge(device(deviceId), body),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/proof/commitment`,
      auth: 'signed',
      summary:
        'The signed commitment, timed on arrival: the openings to answer, or the verdict that rejected it (the device is then failed until its retry time). Not the live challenge: 409 stale-challenge.',
      body: pogCommitmentSchema,
      response: proofCommitmentResponseSchema,
      moreErrors: [403],
      handle: ({ deviceId, body }) => d.proofs.commitment(device(deviceId), body),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/proof/openings`,
      auth: 'signed',
      summary:
        'The opened segments: the final verdict and the device verified with the class it proved (next proof scheduled) or failed with a retry time; or, for a version 2 challenge whose compute phase passed, `memoryPending`: the memory phase comes next (POST /v1/proof/memory/ready).',
      body: pogOpeningAnswerSchema,
      response: proofOpeningsResponseSchema,
      moreErrors: [403],
      handle: ({ deviceId, body }) => d.proofs.openings(device(deviceId), body),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/proof/memory/ready`,
      auth: 'signed',
      summary:
        'Memory phase: the signed "buffer filled" (untimed). The walk seed (the walk is timed from this answer), or the final verdict when the device could not hold the class\'s buffer. Out of turn: 409 stale-challenge.',
      body: pogMemoryReadySchema,
      response: proofMemoryWalkResponseSchema,
      moreErrors: [403],
      handle: ({ deviceId, body }) => d.proofs.memory.ready(device(deviceId), body),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/proof/memory/commitment`,
      auth: 'signed',
      summary:
        'Memory phase: the signed walk commitment, timed on arrival. The walkers to re-walk, or the final verdict that rejected it (late, wrong roots). Out of turn: 409 stale-challenge.',
      body: pogMemoryCommitmentSchema,
      response: proofMemoryCommitmentResponseSchema,
      moreErrors: [403],
      handle: ({ deviceId, body }) => d.proofs.memory.commitment(device(deviceId), body),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/proof/memory/openings`,
      auth: 'signed',
      summary:
        "Memory phase: the re-walked walkers' states and paths. The final verdict (with `memoryBytes`) and the device verified or failed with a retry time.",
      body: pogMemoryAnswerSchema,
      response: proofVerdictResponseSchema,
      moreErrors: [403],
      handle: ({ deviceId, body }) => d.proofs.memory.openings(device(deviceId), body),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/jobs/lease`,
      auth: 'signed',
      summary: 'Lease up to `max` jobs until their expiry; an expired lease puts the job back in the queue.',
      body: leaseRequestSchema,
      response: leaseResponseSchema,
      handle: ({ deviceId, body }) => d.commit.run(() => d.jobs.lease(device(deviceId), body.max, d.now())),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/results`,
      auth: 'signed',
      summary:
        'Submit a signed receipt (and output bytes for Freivalds jobs); verified results are credited.',
      body: submitResultRequestSchema,
      response: submitResultResponseSchema,
      handle: ({ deviceId, body }) => d.results.submit(device(deviceId), body),
    }),
    route({
      method: 'GET',
      path: `${API_PREFIX}/earnings`,
      auth: 'signed',
      summary: "This device's earnings in IO base units: pending, verified, paid.",
      response: earningsResponseSchema,
      handle: ({ deviceId }) => earningsOf(d.db, deviceId!),
    }),
    route({
      method: 'GET',
      path: `${API_PREFIX}/earnings/entries`,
      auth: 'signed',
      summary:
        "This device's ledger entries (id, job, amount, state), oldest first: clients mirror them keyed by `entryId`.",
      response: ledgerEntriesResponseSchema,
      handle: ({ deviceId }) => ledgerEntriesOf(d.db, deviceId!),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/payouts/claim`,
      auth: 'signed',
      summary:
        "Pay this device's verified earnings to `wallet` (an SPL transfer from the treasury); the same `claimId` never pays twice. Below the minimum: 400 below-threshold.",
      body: payoutClaimRequestSchema,
      response: payoutSchema,
      moreErrors: [503],
      handle: ({ deviceId, body }) => d.payouts.claim(deviceId!, body),
    }),
    route({
      method: 'GET',
      path: `${API_PREFIX}/payouts`,
      auth: 'signed',
      summary: "This device's payouts, oldest first, with their transaction signatures.",
      response: payoutsResponseSchema,
      handle: ({ deviceId }) => ({ payouts: d.payouts.list(deviceId!) }),
    }),
    route({
      method: 'GET',
      path: `${API_PREFIX}/stats`,
      auth: 'public',
      summary:
        'Network figures: devices by status, verified GPUs, jobs, compute hours, fees, IO credited and paid.',
      response: networkStatsSchema,
      handle: () => networkStats(d.db),
    }),
    route({
      method: 'GET',
      path: `${API_PREFIX}/network`,
      auth: 'public',
      summary: "The network's chain, token and timing parameters.",
      response: networkInfoSchema,
      handle: () => d.info,
    }),
    route({
      method: 'GET',
      path: '/openapi.json',
      auth: 'public',
      summary: 'This document.',
      response: z.record(z.string(), z.unknown()),
      handle: () => d.openapi(),
    }),
    ...stakeRoutes({ staking: d.staking }),
  ];
}
