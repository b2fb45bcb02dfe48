// A coordinator on loopback sized for small proofs, whose clock the test moves: the timed phases of
// the proof of GPU then last exactly what the test says.
import { expect } from 'vitest';
import type { Coordinator } from '../../coordinator/coordinator.js';
import type { CoordinatorParams } from '../../coordinator/params.js';
import { SMALL_MEMORY } from './cpu-prover.js';
import { startTestCoordinator } from './harness.js';
import { SimDevice } from './sim-device.js';

/**
 * n = 64, S = 2: 2 x 2 x 64^3 = 1.05 MFLOP, so a commitment within 1 ms of the coordinator's clock
 * measures 1.05 GFLOPS: the 'software' class. Its deadline is 3 x 1.05 ms + 5 s. The memory phase:
 * an 8 KiB buffer, walked in no time on this clock.
 */
export const SMALL_PROOF: Partial<CoordinatorParams> = {
  proofChallenge: { n: 64, S: 2, k: 16, memory: SMALL_MEMORY },
};

export class ProofBed {
  coordinator!: Coordinator;
  /** The coordinator's and the devices' clock (ms since the epoch). */
  clock = 0;

  async start(params: Partial<CoordinatorParams> = {}): Promise<Coordinator> {
    this.clock = Date.now();
    this.coordinator = await startTestCoordinator({ ...SMALL_PROOF, ...params }, { now: () => this.clock });
    return this.coordinator;
  }

  /** A new device, registered and pending, on the bed's clock. */
  async registered(claimedClass: 'rtx-4090' | null = null): Promise<SimDevice> {
    const device = new SimDevice(this.coordinator.url);
    device.now = () => this.clock;
    expect((await device.register(claimedClass)).body.status).toBe('pending');
    return device;
  }

  stop(): Promise<void> {
    return this.coordinator?.stop() ?? Promise.resolve();
  }
}
