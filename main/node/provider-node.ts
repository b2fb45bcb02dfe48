// The provider node: the loop that turns an allowed GPU into verified, credited work. One pass does
// the most urgent thing first: register, deliver kept results, heartbeat, prove the GPU when the
// network asks, then lease and run one job when the governor allows. Everything it owes the network
// is in the NodeStore before it is sent, so a crash or an outage only delays it.
import packageJson from '../../package.json' with { type: 'json' };
import type { DashboardEvent, NodeState } from '../../common/dashboard-api.js';
import type { GovernorMode } from '../../common/governor.js';
import type { DeviceStatusResponse } from '../../common/network-api.js';
import type { NodeSettings } from '../../common/node-settings.js';
import type { GovernorService } from '../governor/governor-service.js';
import { Backoff } from '../network/backoff.js';
import { connectDeviceEvents } from '../network/event-stream.js';
import { CoordinatorRefusedError, NetworkUnavailableError } from '../network/coordinator-client.js';
import type { NodeStore } from '../store/node-store.js';
import { earningsSummary } from './earnings.js';
import { loadGpuProfile, type GpuProfile } from './gpu-profile.js';
import { headline } from './headline.js';
import { GpuTaskError } from '../gpu/host/errors.js';
import { JobSlot } from './job-slot.js';
import { NodeEvents } from './node-events.js';
import { acceptsWork, createNodeGovernor, heartbeatBody, restMs } from './node-governor.js';
import { DEFAULT_TIMING, type NodeTiming, type ProviderNodeOptions } from './node-options.js';
import { deliverOutbox, type OutboxPorts } from './outbox.js';
import { runProofRound } from './proof-round.js';
import { TelemetryLog } from './telemetry-log.js';
import { IdleWorkerRelease } from './worker-release.js';
import { ProofHistory } from './proof-history.js';
import { Wakeup } from './wakeup.js';

export class ProviderNode {
  readonly timing: NodeTiming;
  settings: NodeSettings;
  profile: GpuProfile | null = null;
  governor: GovernorService | null = null;
  private phase: NodeState['phase'] = 'starting';
  private device: DeviceStatusResponse | null = null;
  private readonly jobs: JobSlot;
  private readonly outbox: OutboxPorts;
  private network = { connected: false, lastError: null as string | null, retryAt: null as number | null };
  private reconciledAt: number | null = null;
  private lastHeartbeatAt = 0;
  private lastLedgerSyncAt = 0;
  private proofRequested = false;
  private benchmarkRequested = false;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private readonly wakeup = new Wakeup();
  private readonly backoff = new Backoff();
  private readonly events: NodeEvents;
  private readonly startedAt = Date.now();
  /** The governed GPUs' recent readings (sparklines). */
  readonly telemetry = new TelemetryLog();
  /** Proof-of-GPU rounds this node ran, newest last (diagnostics). */
  readonly proofs: ProofHistory;
  /** The benchmark's progress while it runs (the first-run screen shows it). */
  private task: NodeState['task'] = null;

  constructor(readonly o: ProviderNodeOptions) {
    this.timing = { ...DEFAULT_TIMING, ...o.timing };
    this.settings = o.settings;
    this.events = new NodeEvents(o.log);
    this.proofs = new ProofHistory(o.store);
    this.outbox = {
      client: o.client,
      store: o.store,
      syncLedger: () => this.syncLedger(),
      log: (message) => this.log(message),
      emit: (event) => this.emit(event),
      publish: () => this.publish(),
    };
    this.jobs = new JobSlot({
      ...o,
      pauseHoldMs: this.timing.pauseHoldMs,
      pausedNow: () => this.governor?.current().action === 'pause',
      setPhase: (phase) => this.setPhase(phase),
      changed: () => this.publish(),
      log: (message) => this.log(message),
      deliver: () => deliverOutbox(this.outbox),
    });
  }

  get jobRunning(): boolean {
    return this.jobs.current !== null;
  }

  get store(): NodeStore {
    return this.o.store;
  }

  /** Runs the loop in the background; resolves once the node has started it. */
  start(): void {
    if (this.loopDone) throw new Error('the node is already running');
    this.loopDone = this.loop().catch((error: unknown) => {
      // No adapter is the owner's to fix (a driver), not a bug: say it plainly, without a stack.
      const expected = error instanceof GpuTaskError && error.code === 'no-adapter';
      this.fatal = error instanceof Error ? error : new Error(String(error));
      this.network.lastError = this.fatal.message;
      this.log(
        `the node stopped: ${expected ? this.fatal.message : (this.fatal.stack ?? this.fatal.message)}`,
      );
      this.setPhase('stopped');
    });
  }

  /** Why the node stopped by itself (no GPU adapter, a bug); null while running or after stop(). */
  fatal: Error | null = null;

  /** Resolves when the loop has ended: with the error that ended it, or null after stop(). */
  get finished(): Promise<Error | null> {
    return (this.loopDone ?? Promise.resolve()).then(() => this.fatal);
  }

  /** Finishes (or cancels) the current job, sends what the outbox holds, stops the governor. */
  async stop(): Promise<void> {
    if (this.stopping) return this.loopDone ?? undefined;
    if (this.fatal) return; // the loop has already ended
    this.stopping = true;
    this.setPhase('stopping');
    const cancel = setTimeout(() => this.o.worker.cancel(), this.timing.stopGraceMs);
    this.wakeup.wake();
    await this.loopDone;
    clearTimeout(cancel);
    this.setPhase('stopped');
  }

  onEvent(listener: (event: DashboardEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** The last lines logged, for a dashboard opened after they happened. */
  get recentLog(): readonly { at: number; message: string }[] {
    return this.events.recentLog;
  }

  log(message: string): void {
    this.events.log(message);
  }

  state(now = Date.now()): NodeState {
    const decision = this.governor?.current();
    const base = {
      phase: this.phase,
      version: packageJson.version,
      device: {
        id: this.o.identity.deviceId,
        name: this.settings.deviceName,
        status: this.device?.status ?? null,
        statusReason: this.device?.reason ?? '',
        provenClass: this.device?.provenClass ?? null,
        provenMemoryBytes: this.device?.provenMemoryBytes ?? null,
        nextCheckAt: this.device?.nextCheckAt ? Date.parse(this.device.nextCheckAt) : null,
      },
      governor: {
        accepting: decision ? acceptsWork(decision) : false,
        reason: decision?.reason ?? 'Starting',
        code: decision?.code ?? 'running',
        mode: this.settings.governor.mode,
      },
      network: { url: this.o.client.url, sandbox: this.o.sandbox, ...this.network },
      gpu: {
        name: this.profile?.gpuName ?? 'detecting…',
        software: this.profile?.benchmark.adapter.isSoftware ?? false,
        matmulGflops: this.profile?.registration.benchmark.matmulGflops ?? null,
      },
      job: this.jobs.current,
      task: this.task,
      noJob: this.jobs.noJob,
      lastJobAt: this.jobs.lastJobAt,
      outbox: this.o.store.outboxSize(),
      earnings: earningsSummary(this.o.store, now, this.reconciledAt),
      startedAt: this.startedAt,
      updatedAt: now,
    };
    return { ...base, ...headline(base, now) };
  }

  /** The owner changed the mode (dashboard, tray): saved first, then the governor decides again. */
  setMode(mode: GovernorMode): void {
    this.saveSettings({ ...this.settings, governor: { ...this.settings.governor, mode } });
  }

  saveSettings(next: NodeSettings): void {
    this.o.settingsFile.save(next); // throws with the old file intact (disk full): nothing changes
    this.settings = next;
    this.governor?.reevaluate();
    this.wakeup.wake();
    this.publish();
  }

  requestProof(): void {
    this.proofRequested = true;
    this.wakeup.wake();
  }

  requestBenchmark(): void {
    this.benchmarkRequested = true;
    this.wakeup.wake();
  }

  private async loop(): Promise<void> {
    await this.prepare();
    while (!this.stopping) {
      try {
        const busy = await this.pass();
        this.network.connected = true;
        this.network.lastError = null;
        this.network.retryAt = null;
        this.backoff.reset();
        if (!busy) await this.wakeup.sleep(restMs(this.timing, this.governor?.current()));
      } catch (error) {
        await this.onPassError(error);
      }
    }
    await this.shutdown();
  }

  /** Hardware, benchmark and governor: everything that does not need the network. */
  private async prepare(): Promise<void> {
    await this.measure(false);
    const factory = this.o.governor ?? createNodeGovernor;
    this.governor = await factory({
      worker: this.o.worker,
      gpuLabel: this.profile!.gpuName,
      softwareAdapter: this.profile!.benchmark.adapter.isSoftware,
      policy: { get: () => this.settings.governor, setMode: (mode) => this.setMode(mode) },
      jobInProgress: () => this.jobRunning,
      log: (message) => this.log(message),
      idleSource: this.o.idleSource,
    });
    const governor = this.governor;
    const release = new IdleWorkerRelease({
      worker: this.o.worker,
      afterMs: this.timing.releaseWorkerMs,
      busy: () => this.jobRunning || this.phase === 'proving' || this.phase === 'benchmarking',
      log: (message) => this.log(message),
    });
    governor.onDecision((decision) => {
      this.jobs.onDecision(decision);
      release.update(decision.action === 'pause');
      this.lastHeartbeatAt = 0; // announce the change now
      this.wakeup.wake();
      this.publish();
    });
    const stopDecisions = governor.start();
    release.update(governor.current().action === 'pause');
    const stopSampling = this.telemetry.startSampling(
      () => governor.telemetry(),
      (sample) => this.emit({ type: 'telemetry', sample }),
    );
    this.stopGovernor = () => {
      stopSampling();
      release.stop();
      stopDecisions();
    };
    this.jobs.abandonExpiredLeases();
  }

  private stopGovernor: () => void = () => undefined;

  private async measure(force: boolean): Promise<void> {
    this.setPhase('benchmarking');
    this.profile = await loadGpuProfile({
      worker: this.o.worker,
      store: this.o.store,
      dataDir: this.o.dataDir,
      force,
      onProgress: (label, fraction) => {
        this.task = { label, fraction: Math.min(1, Math.max(0, fraction)) };
        this.publish();
      },
    });
    this.task = null;
  }

  /** One pass of the loop; true when it did work and should go round again at once. */
  private async pass(): Promise<boolean> {
    const now = Date.now();
    if (this.benchmarkRequested) {
      this.benchmarkRequested = false;
      await this.measure(true);
      this.device = null; // register again with the new figures
    }
    if (!this.device) {
      this.setPhase('registering');
      this.device = await this.o.client.register(this.profile!.registration);
      this.lastHeartbeatAt = 0;
      this.listenToNetwork();
    }
    await deliverOutbox(this.outbox);
    if (now - this.lastHeartbeatAt >= this.timing.heartbeatMs) await this.heartbeat();
    if (now - this.lastLedgerSyncAt >= this.timing.ledgerSyncMs) await this.syncLedger();
    if (this.proofDue(now)) {
      await this.prove();
      return true;
    }
    const status = this.device.status;
    const decision = this.governor!.current();
    if ((status !== 'verified' && status !== 'cluster-ready') || !acceptsWork(decision)) {
      this.setPhase('waiting');
      return false;
    }
    return this.jobs.work();
  }

  /** Pushed events cut the idle poll short: a new job or a status change is acted on at once. */
  private listenToNetwork(): void {
    this.stopEvents();
    this.stopEvents = connectDeviceEvents(this.o.client.url, this.o.identity, (event) => {
      if (event.type === 'status-changed') this.lastHeartbeatAt = 0; // read the new status now
      this.wakeup.wake();
    });
  }

  private stopEvents: () => void = () => undefined;

  private async heartbeat(): Promise<void> {
    this.device = await this.o.client.heartbeat(heartbeatBody(this.governor!.current()));
    this.lastHeartbeatAt = Date.now();
    this.publish();
  }

  /** The coordinator is the truth: copy its ledger entries for this device. */
  async syncLedger(): Promise<void> {
    const { entries } = await this.o.client.ledger();
    if (this.o.store.syncLedger(entries)) this.publish();
    this.reconciledAt = Date.now();
    this.lastLedgerSyncAt = this.reconciledAt;
  }

  private proofDue(now: number): boolean {
    const d = this.device!;
    if (this.proofRequested) return true;
    if (d.status === 'blocked') return false;
    const due = d.proofDueAt ? Date.parse(d.proofDueAt) : null;
    return due !== null && due <= now && acceptsWork(this.governor!.current());
  }

  private async prove(): Promise<void> {
    this.proofRequested = false;
    this.setPhase('proving');
    try {
      const result = await runProofRound(this.o.client, this.o.worker, this.o.identity, {
        limits: this.profile?.benchmark.adapter.limits,
      });
      this.log(this.proofs.add(result.verdict, Date.now()));
      this.device = result.device ?? (await this.o.client.heartbeat(heartbeatBody(this.governor!.current())));
    } catch (error) {
      if (!(error instanceof CoordinatorRefusedError)) throw error;
      this.log(`proof of GPU not run: ${error.message}`);
      this.device = await this.o.client.heartbeat(heartbeatBody(this.governor!.current()));
    }
    this.lastHeartbeatAt = Date.now();
  }

  private async onPassError(error: unknown): Promise<void> {
    if (error instanceof NetworkUnavailableError) {
      const delay = this.backoff.next();
      this.network = { connected: false, lastError: error.message, retryAt: Date.now() + delay };
      this.setPhase('offline');
      await this.wakeup.sleep(delay);
      return;
    }
    if (error instanceof CoordinatorRefusedError && error.status === 401 && error.code === 'unknown-device') {
      this.device = null; // the network forgot us (a reset sandbox): register again
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.network.lastError = message;
    this.log(`problem: ${message}`);
    await this.wakeup.sleep(this.backoff.next());
  }

  private async shutdown(): Promise<void> {
    this.stopGovernor();
    this.stopEvents();
    try {
      await deliverOutbox(this.outbox);
    } catch (error) {
      this.log(`results kept for the next start: ${(error as Error).message}`);
    }
  }

  setPhase(phase: NodeState['phase']): void {
    if (this.phase === phase) return;
    if (this.stopping && phase !== 'stopping' && phase !== 'stopped') return;
    this.phase = phase;
    this.publish();
  }

  /** Pushes the state to the UIs when something a person would see changed. */
  publish(): void {
    this.events.publishState(() => this.state());
  }

  emit(event: DashboardEvent): void {
    this.events.emit(event);
  }
}
