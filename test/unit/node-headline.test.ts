// The one sentence the owner reads first: whether the machine earns, and if not, why and until when.
import { describe, expect, it } from 'vitest';
import { headline, inWords, type HeadlineInput } from '../../main/node/headline.js';
import { nodeState } from '../fixtures/node-state.js';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

/** The node's state with only what a case changes; headline() ignores its own output fields. */
const state = (overrides: Parameters<typeof nodeState>[0]): HeadlineInput => {
  const { headline: _h, earning: _e, ...rest } = nodeState(overrides);
  return rest;
};

describe('headline', () => {
  it('waiting for verification, with when the network checks next', () => {
    const s = state({ phase: 'waiting', device: { status: 'pending', nextCheckAt: NOW + 4 * MIN } });
    expect(headline(s, NOW)).toEqual({
      earning: false,
      headline: 'Not earning: waiting for verification (next check in 4 min)',
    });
    // Without a scheduled check the parenthesis is left out rather than saying something vague.
    expect(headline(state({ phase: 'waiting', device: { status: 'pending' } }), NOW).headline).toBe(
      'Not earning: waiting for verification',
    );
  });

  it('proof of GPU failed, with the network’s reason and the retry', () => {
    const s = state({
      phase: 'waiting',
      device: {
        status: 'failed',
        // As the coordinator words it (coordinator/service/proofs.ts).
        statusReason: 'Proof of GPU failed: the product did not match the challenge.',
        nextCheckAt: NOW + 90 * MIN,
      },
    });
    expect(headline(s, NOW)).toEqual({
      earning: false,
      headline:
        'Not earning: proof of GPU failed: the product did not match the challenge (next check in 1.5 h)',
    });
  });

  it('blocked by the network, with its reason and no promise of a retry', () => {
    const s = state({
      phase: 'waiting',
      device: { status: 'blocked', statusReason: 'three failed proofs in a day', nextCheckAt: NOW + MIN },
    });
    expect(headline(s, NOW)).toEqual({
      earning: false,
      headline: 'Not earning: blocked by the network: three failed proofs in a day',
    });
  });

  it('offline: when it retries and how many results it keeps to send (singular and plural)', () => {
    const offline = (outbox: number) =>
      state({ phase: 'offline', outbox, network: { connected: false, retryAt: NOW + 30_000 } });
    expect(headline(offline(1), NOW)).toEqual({
      earning: false,
      headline: 'Not earning: the network cannot be reached, retrying in 30 s; 1 result kept to send',
    });
    expect(headline(offline(3), NOW).headline).toBe(
      'Not earning: the network cannot be reached, retrying in 30 s; 3 results kept to send',
    );
    expect(headline(offline(0), NOW).headline).toBe(
      'Not earning: the network cannot be reached, retrying in 30 s',
    );
  });

  it('offline wins over the device status: the status shown may be stale', () => {
    const s = state({ phase: 'offline', device: { status: 'pending' }, network: { retryAt: null } });
    expect(headline(s, NOW).headline).toBe('Not earning: the network cannot be reached');
  });

  it('the governor’s reason when the owner’s rules say no', () => {
    const s = state({
      phase: 'waiting',
      governor: { accepting: false, reason: 'Paused by you', code: 'paused', mode: { kind: 'paused' } },
    });
    expect(headline(s, NOW)).toEqual({ earning: false, headline: 'Not earning: paused by you' });
  });

  it('computing, with the job’s progress rounded to a whole percent', () => {
    const s = state({
      phase: 'computing',
      job: { jobId: 'J1', startedAt: NOW - MIN, progress: 0.426 },
      outbox: 2,
    });
    expect(headline(s, NOW)).toEqual({
      earning: true,
      headline: 'Earning: running a job (43 %)', // results being sent are not news while connected
    });
  });

  it('a job paused between chunks because the owner came back says so, and is not earning', () => {
    const s = state({
      phase: 'computing',
      job: { jobId: 'J1', startedAt: NOW - MIN, progress: 0.5 },
      governor: {
        accepting: false,
        reason: 'Paused: game running (eldenring.exe)',
        code: 'game',
        mode: { kind: 'auto' },
      },
    });
    expect(headline(s, NOW)).toEqual({
      earning: false,
      headline: 'Not earning: paused: game running (eldenring.exe) (the current job waits)',
    });
  });

  it('"finish, then pause" keeps earning from the current job and says what comes next', () => {
    const s = state({
      phase: 'computing',
      job: { jobId: 'J1', startedAt: NOW - MIN, progress: 0.5 },
      governor: {
        accepting: false,
        reason: 'Finishing the current job, then pausing',
        code: 'finishing',
        mode: { kind: 'finish-then-pause', rules: 'auto' },
      },
    });
    expect(headline(s, NOW)).toEqual({
      earning: true,
      headline: 'Earning: finishing the current job, then pausing',
    });
  });

  it('short jobs back to back read as a steady "running jobs", not a flashing percentage', () => {
    const running = state({ phase: 'computing', job: { jobId: 'J2', startedAt: NOW - 200, progress: 0.25 } });
    expect(headline(running, NOW).headline).toBe('Earning: running jobs');
    const between = state({ phase: 'ready', lastJobAt: NOW - 1_000 });
    expect(headline(between, NOW).headline).toBe('Earning: running jobs');
    const idle = state({ phase: 'ready', lastJobAt: NOW - 60_000 });
    expect(headline(idle, NOW).headline).toBe('Earning: ready, waiting for the next job');
  });

  it('ready and waiting for the next job', () => {
    expect(headline(state({ phase: 'ready' }), NOW)).toEqual({
      earning: true,
      headline: 'Earning: ready, waiting for the next job',
    });
  });

  it('jobs wait but none fits the memory this device proved: not earning, and why', () => {
    const reason =
      'No queued job fits the 4.2 MB of GPU memory this device proved: the smallest of the 3 waiting needs 16.8 MB.';
    expect(headline(state({ phase: 'ready', noJob: { wait: 'no-fit', reason } }), NOW)).toEqual({
      earning: false,
      headline:
        'Not earning: no queued job fits the 4.2 MB of GPU memory this device proved: the smallest of the 3 waiting needs 16.8 MB',
    });
    // An empty queue is the ordinary wait between jobs.
    const empty = { wait: 'queue-empty' as const, reason: 'No queued job for this device class right now.' };
    expect(headline(state({ phase: 'ready', noJob: empty }), NOW).headline).toBe(
      'Earning: ready, waiting for the next job',
    );
  });

  it('the lifecycle phases before earning say what is happening', () => {
    const says = (phase: HeadlineInput['phase']) => headline(state({ phase }), NOW);
    expect(says('connecting')).toEqual({
      earning: false,
      headline: 'Not earning: connecting to the network at http://127.0.0.1:7000',
    });
    expect(says('proving').headline).toMatch(/^Not earning: proving this GPU/);
    expect(says('benchmarking').headline).toMatch(/^Not earning: measuring this GPU/);
    expect(says('stopped').headline).toBe('Not earning: the node is stopped');
  });
});

describe('inWords', () => {
  it('rounds up so a countdown never reads earlier than it is', () => {
    expect(inWords(null, NOW)).toBe('');
    expect(inWords(NOW - 5_000, NOW)).toBe('now');
    expect(inWords(NOW + 1_000, NOW)).toBe('now');
    expect(inWords(NOW + 1_001, NOW)).toBe('in 2 s');
    expect(inWords(NOW + 45_000, NOW)).toBe('in 45 s');
    expect(inWords(NOW + 3 * MIN + 1, NOW)).toBe('in 4 min');
    expect(inWords(NOW + 150 * MIN, NOW)).toBe('in 2.5 h');
  });
});
