// A simulated GPU for thermal tests: first-order heating towards ambient + rise x duty with a time
// constant, read through an integer sensor like nvidia-smi's. Deterministic (seeded noise), so a
// failing run replays exactly.

export interface ThermalModelOptions {
  ambientC?: number;
  /** Steady-state rise over ambient at duty 1 (a hot card: 30 + 65 = 95 C, over any sane limit). */
  fullLoadRiseC?: number;
  timeConstantS?: number;
  startC?: number;
  /** Peak-to-peak sensor noise in C before rounding. */
  noiseC?: number;
  seed?: number;
}

export class SimulatedGpu {
  temperatureC: number;
  ambientC: number;
  readonly fullLoadRiseC: number;
  readonly timeConstantS: number;
  private readonly noiseC: number;
  private seed: number;

  constructor(options: ThermalModelOptions = {}) {
    this.ambientC = options.ambientC ?? 30;
    this.fullLoadRiseC = options.fullLoadRiseC ?? 65;
    this.timeConstantS = options.timeConstantS ?? 60;
    this.temperatureC = options.startC ?? this.ambientC;
    this.noiseC = options.noiseC ?? 0.6;
    this.seed = options.seed ?? 1;
  }

  /** Advances `seconds` with the GPU computing a fraction `duty` of the time. */
  step(seconds: number, duty: number): void {
    const target = this.ambientC + this.fullLoadRiseC * duty;
    this.temperatureC += (target - this.temperatureC) * (1 - Math.exp(-seconds / this.timeConstantS));
  }

  /** What the sensor reports: the true temperature plus noise, rounded to whole degrees. */
  read(): number {
    return Math.round(this.temperatureC + (this.random() - 0.5) * this.noiseC);
  }

  private random(): number {
    // mulberry32: small, seedable, good enough for sensor noise.
    let t = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export interface SimulationTrace {
  /** True temperatures, one per simulated second. */
  temperatures: number[];
  /** Applied duties, one per simulated second. */
  duties: number[];
  /** Seconds at which the applied duty changed. */
  changes: number[];
}
