// A simulated provider device for coordinator tests and the network benchmark: a real ed25519
// identity, signed requests over real HTTP, and matmul jobs computed on the CPU from the spec's own
// inputs (the GPU path is tested elsewhere), with receipts signed by the same code the app uses.
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobRunResult, JobSpec } from '../../common/job-spec.js';
import type { LeaseResponse, RegisterRequest } from '../../common/network-api.js';
import { sha256Hex } from '../../common/node/hash.js';
import { signRequest } from '../../common/node/signed-request.js';
import { loadOrCreateDeviceIdentity, type DeviceIdentity } from '../../main/identity/device-identity.js';
import { signReceipt } from '../../main/gpu/host/job-executor.js';

// node:http with keep-alive rather than fetch: a third of the client CPU, which matters when a
// hundred simulated devices share the machine with the coordinator they measure.
const agent = new Agent({ keepAlive: true });

export type LeasedJob = LeaseResponse['jobs'][number];

export const sampleRegistration = (
  claimedClass: RegisterRequest['claimedClass'] = 'rtx-3060',
): RegisterRequest => ({
  hardware: {
    gpus: [{ model: 'NVIDIA GeForce RTX 3060', vramMb: 12288 }],
    adapter: 'nvidia',
    os: 'linux',
    cpuCores: 8,
    memoryMb: 32768,
  },
  benchmark: { matmulGflops: 3000, bandwidthGBs: 300 },
  claimedClass,
  gpuCount: 1,
});

export interface Reply<T = any> {
  status: number;
  body: T;
}

export class SimDevice {
  readonly identity: DeviceIdentity;
  /** The device's clock (tests that fake the coordinator's clock fake this one too). */
  now: () => number = Date.now;

  constructor(
    readonly baseUrl: string,
    identity?: DeviceIdentity,
  ) {
    this.identity = identity ?? loadOrCreateDeviceIdentity(mkdtempSync(join(tmpdir(), 'io-sim-device-')));
  }

  get id(): string {
    return this.identity.deviceId;
  }

  /** A signed request; `tamper` lets tests change the request after signing. */
  async request<T = any>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    tamper?: (init: { headers: Record<string, string>; body: string }) => void,
  ): Promise<Reply<T>> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const init = {
      headers: {
        ...signRequest(this.identity, method, path, text, this.now()),
        'content-type': 'application/json',
      },
      body: text,
    };
    tamper?.(init);
    return new Promise((resolve, reject) => {
      const req = httpRequest(this.baseUrl + path, { method, headers: init.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) as T }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(method === 'GET' ? undefined : init.body);
    });
  }

  register(claimedClass: RegisterRequest['claimedClass'] = 'rtx-3060') {
    return this.request('POST', '/v1/devices/register', sampleRegistration(claimedClass));
  }
  heartbeat(accepting = true, reason = 'idle') {
    return this.request('POST', '/v1/devices/heartbeat', { accepting, reason });
  }
  lease(max = 1) {
    return this.request<LeaseResponse>('POST', '/v1/jobs/lease', { max });
  }
  earnings() {
    return this.request('GET', '/v1/earnings');
  }

  /** Runs the job on the CPU and submits the signed receipt (and the bytes, for Freivalds jobs). */
  submit(job: LeasedJob, corrupt = false) {
    return this.request('POST', '/v1/results', this.resultFor(job, corrupt));
  }

  resultFor(job: LeasedJob, corrupt = false) {
    const c = cpuMatmul(job.spec);
    if (corrupt) c[0] = c[0]! + 1;
    const bytes = new Uint8Array(c.buffer);
    const result: JobRunResult = {
      jobId: job.spec.id,
      outputs: [{ binding: 2, bytes, sha256: sha256Hex(bytes) }],
      timings: {
        totalMs: 1,
        kernelMs: 1,
        pausedMs: 0,
        chunks: job.spec.dispatch.chunks.length,
        maxChunkMs: 1,
        pipelineCacheHit: true,
        deviceLosses: 0,
      },
    };
    const receipt = signReceipt(this.identity, job.spec, result, new Date());
    const outputs =
      job.verification === 'freivalds' ? [{ binding: 2, base64: Buffer.from(bytes).toString('base64') }] : [];
    return { leaseId: job.leaseId, receipt, outputs };
  }
}

/** The matmul tile job on the CPU, read from the spec alone (packed A, B and the chunk uniforms). */
export function cpuMatmul(spec: JobSpec): Float32Array {
  const inline = (binding: number) => {
    const source = spec.bindings.find((b) => b.binding === binding)!.source;
    if (source.kind !== 'inline') throw new Error('matmul inputs are inline');
    return Buffer.from(source.base64, 'base64');
  };
  const a = inline(0);
  const b = inline(1);
  const uniforms = spec.dispatch.chunks.map(
    (c) => new Uint32Array(Uint8Array.from(Buffer.from(c.uniform!, 'base64')).buffer),
  );
  const n = uniforms[0]![2]!;
  const k = uniforms[0]![3]!;
  const m = uniforms.reduce((rows, u) => rows + u[1]!, 0);
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let kk = 0; kk < k; kk++) {
      const av = a[i * k + kk]!;
      for (let j = 0; j < n; j++) c[i * n + j]! += av * b[kk * n + j]!;
    }
  return c;
}
