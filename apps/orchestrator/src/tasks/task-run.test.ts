import {
  type AdapterHealth,
  type AdapterProperties,
  createTaskStream,
  type StreamEvent,
  type SubmitOptions,
  type Task,
  TaskError,
  type TaskEventSink,
  type TokenEstimate,
  type WorkerAdapter,
} from '@orch/adapter-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConfigSchema } from '../config/config-schema.js';
import { ENGINE_MODULES } from '../engine-modules.js';
import { createLogger } from '../logging/logger.js';
import { createMetrics } from '../metrics/create-metrics.js';
import { Pool } from '../pools/pool.js';
import { Replica } from '../pools/replica.js';
import { ReplicaBreaker } from '../resilience/replica-breaker.js';
import { RunningTaskRegistry } from './running-task-registry.js';
import { ABANDON_GRACE_MS } from './task-attempt.js';
import type { TaskClient } from './task-client.js';
import { TaskRun } from './task-run.js';

/** One scripted engine stream: the test pushes its events; an abort ends it as the contract says. */
class ScriptedStream {
  startedSent = false;
  closed = false;
  paused = false;
  tokens = 0;

  constructor(
    readonly task: Task,
    private readonly sink: TaskEventSink,
    readonly signal: AbortSignal,
    ignoreAbort: boolean,
  ) {
    if (!ignoreAbort) {
      signal.addEventListener('abort', () => {
        if (this.closed) return;
        if (this.startedSent)
          this.push({ type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' });
        else this.fail(new TaskError('cancelled', 'cancelled before start'));
      });
    }
  }

  started(seed = 7): void {
    this.startedSent = true;
    this.push({
      type: 'started',
      task_id: this.task.task_id,
      model: 'm',
      pool_id: '',
      replica_id: '',
      engine: 'mock',
      engine_version: '1',
      queue_position: 0,
      seed,
      attempt: 1,
    });
  }

  token(text: string): void {
    this.push({ type: 'token', i: this.tokens, t: text });
    this.tokens += 1;
  }

  end(): void {
    this.push({ type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos', tokens_out: this.tokens });
  }

  error(code: 'engine_error' | 'engine_unavailable' | 'invalid_request', retriable = true): void {
    this.push(new TaskError(code, `scripted ${code}`, { retriable }).toEvent(this.tokens));
  }

  fail(error: TaskError): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.fail(error);
  }

  private push(event: StreamEvent): void {
    if (this.closed) return;
    if (event.type === 'end' || event.type === 'error') this.closed = true;
    this.sink.event(event);
  }
}

/** An adapter whose streams the test drives by hand. */
class ScriptedAdapter implements WorkerAdapter {
  readonly engine = 'mock';
  readonly streams: ScriptedStream[] = [];
  ignoreAbort = false;

  submit(task: Task, options: SubmitOptions = {}) {
    return createTaskStream((sink) => {
      const stream = new ScriptedStream(task, sink, options.signal as AbortSignal, this.ignoreAbort);
      this.streams.push(stream);
      return {
        pause: () => {
          stream.paused = true;
        },
        resume: () => {
          stream.paused = false;
        },
        close: () => {
          stream.closed = true;
        },
      };
    });
  }

  get last(): ScriptedStream {
    const stream = this.streams.at(-1);
    if (stream === undefined) throw new Error('no stream yet');
    return stream;
  }

  async cancel(): Promise<void> {}
  async health(): Promise<AdapterHealth> {
    return { state: 'ready' };
  }
  async properties(): Promise<AdapterProperties> {
    return { engine: 'mock', engine_version: '1', model: 'm', slots_total: 1 };
  }
  async estimateTokens(): Promise<TokenEstimate> {
    return { prompt_tokens: 1, total_tokens: 2, method: 'heuristic' };
  }
}

/** A client that records what the task writes. */
class RecordingClient implements TaskClient {
  opened = false;
  ended = false;
  refused: TaskError | undefined;
  /** A client of a non-streamed answer never opens: nothing is written before the end. */
  collecting = false;
  readonly notices: string[] = [];
  readonly events: StreamEvent[] = [];

  wait(notice: string): void {
    if (!this.collecting) this.opened = true;
    this.notices.push(notice);
  }

  send(event: StreamEvent): void {
    if (!this.collecting) this.opened = true;
    this.events.push(event);
  }

  refuse(error: TaskError): void {
    this.refused = error;
  }

  end(): void {
    this.ended = true;
  }

  get text(): string {
    return this.events.map((event) => (event.type === 'token' ? event.t : '')).join('');
  }

  get terminal(): StreamEvent | undefined {
    const last = this.events.at(-1);
    return last?.type === 'end' || last?.type === 'error' ? last : undefined;
  }
}

interface Setup {
  replicas?: number;
  slots?: number;
  maxAttempts?: number;
  queueTimeoutMs?: number;
}

function setUp(options: Setup = {}) {
  const replicaCount = options.replicas ?? 1;
  const config = createConfigSchema(ENGINE_MODULES).parse({
    pools: [
      {
        id: 'p',
        model: 'm',
        engine: 'mock',
        timeouts: { ttft_ms: 1_000, idle_ms: 500 },
        retry: { max_attempts: options.maxAttempts ?? 3, base_ms: 10, max_ms: 10 },
        queue: { max_waiting: 4, timeout_ms: options.queueTimeoutMs ?? 5_000 },
        replicas: Array.from({ length: replicaCount }, (_, index) => ({
          id: `r${index}`,
          deterministic: true,
        })),
      },
    ],
  });
  const poolConfig = config.pools[0] as (typeof config.pools)[number];
  const adapters = poolConfig.replicas.map(() => new ScriptedAdapter());
  const replicas = poolConfig.replicas.map((replicaConfig, index) => {
    const replica = new Replica(
      replicaConfig.id,
      'p',
      'mock',
      adapters[index] as ScriptedAdapter,
      new ReplicaBreaker(poolConfig.breaker, () => {}),
      options.slots ?? 1,
    );
    replica.health = { state: 'ready' };
    return replica;
  });
  const pool = new Pool(poolConfig, replicas);
  const logLines: string[] = [];
  const deps = {
    metrics: createMetrics(),
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    registry: new RunningTaskRegistry(),
  };
  let counter = 0;
  const start = (fields: Partial<Task> = {}, collecting = false) => {
    counter += 1;
    const task: Task = {
      task_id: `t${counter}`,
      model: 'm',
      prompt: 'x',
      max_tokens: 8,
      priority: 'interactive',
      seed: 7,
      ...fields,
    };
    const run = new TaskRun(task, pool, deps);
    const client = new RecordingClient();
    client.collecting = collecting;
    run.attach(client);
    run.admit();
    return { run, client };
  };
  return { pool, replicas, adapters, deps, start, logLines };
}

const adapterOf = (adapters: ScriptedAdapter[], index: number) => adapters[index] as ScriptedAdapter;

describe('TaskRun: the task state machine (ORCH-PIPE-010)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // Placement picks among candidates at random: make it pick the first, so each test knows its replica.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe('queued → opening → streaming → done', () => {
    it('streams started (routing set here, ORCH-PIPE-002), renumbered tokens and one end, then frees slot and replica', async () => {
      const { start, adapters, pool, replicas } = setUp();
      const { run, client } = start();
      expect(run.phase).toBe('opening');
      const stream = adapterOf(adapters, 0).last;
      stream.started();
      expect(client.events).toEqual([]); // nothing reaches the client before the first token
      stream.token('a');
      expect(run.phase).toBe('streaming');
      stream.token('b');
      stream.end();
      expect(client.events.map((event) => event.type)).toEqual(['started', 'token', 'token', 'end']);
      expect(client.events[0]).toMatchObject({
        pool_id: 'p',
        replica_id: 'r0',
        attempt: 1,
        queue_position: 0,
      });
      expect(client.text).toBe('ab');
      expect(client.ended).toBe(true);
      expect(run.phase).toBe('done');
      expect(pool.queue.running).toBe(0);
      expect(replicas[0]?.inFlight).toBe(0);
      await expect(run.firstAnswer).resolves.toEqual({ kind: 'streaming' });
    });

    it('queues a task while the slot is taken, says so, and opens it when the slot frees', () => {
      const { start, adapters } = setUp();
      const first = start();
      const second = start({ priority: 'batch' });
      expect(second.run.phase).toBe('queued');
      expect(second.client.notices[0]).toMatch(/^queued position=1 predicted_start_ms=\d+$/);
      vi.advanceTimersByTime(40);
      const firstStream = adapterOf(adapters, 0).last;
      firstStream.started();
      firstStream.end();
      expect(first.run.phase).toBe('done');
      expect(second.run.phase).toBe('opening');
      const secondStream = adapterOf(adapters, 0).last;
      secondStream.started();
      secondStream.token('z');
      expect(second.client.events[0]).toMatchObject({ type: 'started', queue_position: 1 });
      expect((second.client.events[0] as { queued_ms?: number }).queued_ms).toBeGreaterThanOrEqual(40);
    });

    it('lets a queued task in when a replica announces that it can take more (ORCH-PIPE-013)', () => {
      const { start, replicas } = setUp({ replicas: 2 });
      const down = replicas[1] as Replica;
      down.health = { state: 'down', detail: 'not yet' };
      start();
      const queued = start();
      expect(queued.run.phase).toBe('queued');
      down.health = { state: 'ready' };
      down.announceCapacityChange();
      expect(queued.run.phase).toBe('opening');
    });

    it('refuses with queue_full when the queue is full, holding nothing', () => {
      const { start } = setUp();
      start();
      for (let waiting = 0; waiting < 4; waiting += 1) start();
      expect(() => start()).toThrowError(expect.objectContaining({ code: 'queue_full' }));
    });

    it('hands a late refusal to a client that never opened (a non-streamed answer that waited)', async () => {
      const { start } = setUp({ queueTimeoutMs: 300 });
      start();
      const queued = start({}, true);
      await expect(queued.run.firstAnswer).resolves.toEqual({ kind: 'streaming' });
      vi.advanceTimersByTime(300);
      expect(queued.client.refused?.code).toBe('queue_timeout');
      expect(queued.client.events).toEqual([]);
    });

    it('ends a queued task with queue_timeout when no slot frees in time', () => {
      const { start, pool } = setUp({ queueTimeoutMs: 300 });
      start();
      const queued = start();
      vi.advanceTimersByTime(300);
      expect(queued.client.terminal).toMatchObject({ type: 'error', code: 'queue_timeout' });
      expect(pool.queue.waiting).toBe(0);
    });
  });

  describe('opening: the retry loop before the first token (ORCH-PIPE-011)', () => {
    it('retries a retriable failure before started on another replica after the backoff', async () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { run, client } = start();
      adapterOf(adapters, 0).last.fail(new TaskError('engine_unavailable', 'refused'));
      expect(adapterOf(adapters, 1).streams).toHaveLength(0); // waits for the backoff first
      vi.advanceTimersByTime(10);
      const second = adapterOf(adapters, 1).last;
      second.started();
      second.token('ok');
      expect(client.events[0]).toMatchObject({ type: 'started', replica_id: 'r1', attempt: 2 });
      expect(run.phase).toBe('streaming');
    });

    it('retries an error event that comes after started but before the first token', () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { client } = start();
      const first = adapterOf(adapters, 0).last;
      first.started();
      first.error('engine_error');
      vi.advanceTimersByTime(10);
      adapterOf(adapters, 1).last.started();
      adapterOf(adapters, 1).last.end();
      expect(client.events.map((event) => event.type)).toEqual(['started', 'end']);
      expect(client.events[0]).toMatchObject({ replica_id: 'r1' });
    });

    it('refuses at once on a non-retriable failure, with nothing streamed', async () => {
      const { start, adapters, pool } = setUp({ replicas: 2 });
      const { run, client } = start();
      adapterOf(adapters, 0).last.fail(new TaskError('invalid_request', 'bad', { retriable: false }));
      await expect(run.firstAnswer).resolves.toMatchObject({
        kind: 'refused',
        error: { code: 'invalid_request' },
      });
      expect(client.events).toEqual([]);
      expect(adapterOf(adapters, 1).streams).toHaveLength(0);
      expect(pool.queue.running).toBe(0);
    });

    it('gives up after max_attempts with the last failure', async () => {
      const { start, adapters } = setUp({ replicas: 3, maxAttempts: 2 });
      const { run } = start();
      adapterOf(adapters, 0).last.fail(new TaskError('engine_unavailable', 'one'));
      vi.advanceTimersByTime(10);
      adapterOf(adapters, 1).last.fail(new TaskError('engine_unavailable', 'two'));
      await expect(run.firstAnswer).resolves.toMatchObject({ kind: 'refused', error: { message: 'two' } });
      expect(adapterOf(adapters, 2).streams).toHaveLength(0);
    });

    it('turns a missing first token into ttft_timeout and retries it elsewhere', () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { client } = start();
      const first = adapterOf(adapters, 0).last;
      first.started();
      vi.advanceTimersByTime(1_000);
      expect(first.signal.reason).toMatchObject({ code: 'ttft_timeout' });
      vi.advanceTimersByTime(10);
      adapterOf(adapters, 1).last.started();
      adapterOf(adapters, 1).last.token('late');
      expect(client.events[0]).toMatchObject({ replica_id: 'r1', attempt: 2 });
    });
  });

  describe('streaming', () => {
    it('ends with idle_timeout and the delivered count when the replica goes silent', () => {
      const { start, adapters } = setUp();
      const { client } = start();
      const stream = adapterOf(adapters, 0).last;
      stream.started();
      stream.token('a');
      vi.advanceTimersByTime(499);
      stream.token('b');
      vi.advanceTimersByTime(499);
      expect(client.terminal).toBeUndefined();
      vi.advanceTimersByTime(2);
      expect(client.terminal).toMatchObject({ type: 'error', code: 'idle_timeout', tokens_delivered: 2 });
    });

    it('never blames the replica for a client that reads slowly: a paused stream does not time out', () => {
      const { start, adapters } = setUp();
      const { run, client } = start();
      const stream = adapterOf(adapters, 0).last;
      stream.started();
      stream.token('a');
      run.pauseEngine();
      expect(stream.paused).toBe(true);
      vi.advanceTimersByTime(5_000);
      expect(client.terminal).toBeUndefined();
      run.resumeEngine();
      expect(stream.paused).toBe(false);
      stream.end();
      expect(client.terminal).toMatchObject({ type: 'end', finish_reason: 'stop' });
    });

    it('records a client that leaves as a cancel and closes the engine stream', () => {
      const { start, adapters, replicas } = setUp();
      const { run } = start();
      const stream = adapterOf(adapters, 0).last;
      stream.started();
      stream.token('a');
      run.clientGone();
      expect(stream.signal.aborted).toBe(true);
      expect(stream.closed).toBe(true);
      expect(run.phase).toBe('done');
      expect(replicas[0]?.inFlight).toBe(0);
    });
  });

  describe('cancel in every phase (ORCH-PIPE-012)', () => {
    it('queued: leaves the queue and ends with a lone cancelled error', () => {
      const { start, pool } = setUp();
      start();
      const queued = start();
      queued.run.abort(new TaskError('cancelled', 'by request'));
      expect(pool.queue.waiting).toBe(0);
      expect(queued.client.events).toEqual([expect.objectContaining({ type: 'error', code: 'cancelled' })]);
    });

    it('opening: refuses the task as cancelled and never retries it', async () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { run } = start();
      run.abort(new TaskError('cancelled', 'by request'));
      await expect(run.firstAnswer).resolves.toMatchObject({ kind: 'refused', error: { code: 'cancelled' } });
      vi.advanceTimersByTime(100);
      expect(adapterOf(adapters, 1).streams).toHaveLength(0);
    });

    it('streaming: ends with end{cancelled}', () => {
      const { start, adapters } = setUp();
      const { run, client } = start();
      adapterOf(adapters, 0).last.started();
      adapterOf(adapters, 0).last.token('a');
      run.abort(new TaskError('cancelled', 'by request'));
      expect(client.terminal).toEqual({
        type: 'end',
        finish_reason: 'cancelled',
        finish_reason_raw: 'cancelled',
      });
    });

    it('failing over: ends with end{cancelled} and stops the replay', () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { run, client } = start({ determinism: 'strict' });
      const first = adapterOf(adapters, 0).last;
      first.started();
      first.token('a');
      first.error('engine_error');
      expect(run.phase).toBe('failing_over');
      const replay = adapterOf(adapters, 1).last;
      replay.started();
      run.abort(new TaskError('cancelled', 'by request'));
      expect(replay.signal.aborted).toBe(true);
      expect(client.terminal).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    });
  });

  describe('deadline in every phase (ORCH-PIPE-012)', () => {
    it('queued: error deadline_exceeded', () => {
      const { start } = setUp();
      start();
      const queued = start({ deadline_ms: 100 });
      vi.advanceTimersByTime(100);
      expect(queued.client.terminal).toMatchObject({ type: 'error', code: 'deadline_exceeded' });
    });

    it('opening: refused with deadline_exceeded', async () => {
      const { start, adapters } = setUp();
      const { run } = start({ deadline_ms: 100 });
      adapterOf(adapters, 0).last.started();
      vi.advanceTimersByTime(100);
      await expect(run.firstAnswer).resolves.toMatchObject({
        kind: 'refused',
        error: { code: 'deadline_exceeded' },
      });
    });

    it('streaming: error deadline_exceeded with the tokens delivered', () => {
      const { start, adapters } = setUp();
      const { client } = start({ deadline_ms: 100 });
      adapterOf(adapters, 0).last.started();
      adapterOf(adapters, 0).last.token('a');
      vi.advanceTimersByTime(100);
      expect(client.terminal).toMatchObject({
        type: 'error',
        code: 'deadline_exceeded',
        tokens_delivered: 1,
      });
    });

    it('failing over: error deadline_exceeded', () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { client } = start({ determinism: 'strict', deadline_ms: 100 });
      adapterOf(adapters, 0).last.started();
      adapterOf(adapters, 0).last.token('a');
      adapterOf(adapters, 0).last.error('engine_error');
      adapterOf(adapters, 1).last.started();
      vi.advanceTimersByTime(100);
      expect(client.terminal).toMatchObject({
        type: 'error',
        code: 'deadline_exceeded',
        tokens_delivered: 1,
      });
    });
  });

  describe('strict failover (ORCH-DET-050)', () => {
    it('resumes on another replica once it reproduced the delivered tokens; the client sees one note', () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { run, client } = start({ determinism: 'strict' });
      const first = adapterOf(adapters, 0).last;
      first.started();
      first.token('a');
      first.token('b');
      first.error('engine_error');
      const replay = adapterOf(adapters, 1).last;
      replay.started();
      replay.token('a');
      expect(run.phase).toBe('failing_over');
      replay.token('b');
      expect(run.phase).toBe('streaming');
      replay.token('c');
      replay.end();
      expect(client.text).toBe('abc');
      const notes = client.events.filter((event) => event.type === 'metrics');
      expect(notes).toEqual([
        expect.objectContaining({ failover: { from_replica: 'r0', to_replica: 'r1', resumed_at_token: 2 } }),
      ]);
      expect(client.events.filter((event) => event.type === 'token').map((event) => event.i)).toEqual([
        0, 1, 2,
      ]);
      expect(client.terminal).toMatchObject({ type: 'end', finish_reason: 'stop' });
    });

    it('ends with failover_mismatch when the replay differs, never guessing', () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { client } = start({ determinism: 'strict' });
      adapterOf(adapters, 0).last.started();
      adapterOf(adapters, 0).last.token('a');
      adapterOf(adapters, 0).last.error('engine_error');
      adapterOf(adapters, 1).last.started();
      adapterOf(adapters, 1).last.token('x');
      expect(client.terminal).toMatchObject({
        type: 'error',
        code: 'failover_mismatch',
        tokens_delivered: 1,
      });
      expect(client.text).toBe('a');
    });

    it('ends with the original failure when no deterministic replica is left', () => {
      const { start, adapters } = setUp({ replicas: 1 });
      const { client } = start({ determinism: 'strict' });
      adapterOf(adapters, 0).last.started();
      adapterOf(adapters, 0).last.token('a');
      adapterOf(adapters, 0).last.error('engine_error');
      expect(client.terminal).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: 1 });
      expect((client.terminal as { message: string }).message).toMatch(/No other deterministic replica/);
    });

    it('does not fail over a best-effort task: the error reaches the client', () => {
      const { start, adapters } = setUp({ replicas: 2 });
      const { client } = start();
      adapterOf(adapters, 0).last.started();
      adapterOf(adapters, 0).last.token('a');
      adapterOf(adapters, 0).last.error('engine_error');
      expect(adapterOf(adapters, 1).streams).toHaveLength(0);
      expect(client.terminal).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: 1 });
    });
  });

  describe('hung adapters (ORCH-RES-007)', () => {
    it(`abandons an adapter that ignores the abort after ${ABANDON_GRACE_MS} ms, freeing slot and replica`, () => {
      const { start, adapters, pool, replicas } = setUp();
      adapterOf(adapters, 0).ignoreAbort = true;
      const { run, client } = start();
      adapterOf(adapters, 0).last.started();
      adapterOf(adapters, 0).last.token('a');
      run.abort(new TaskError('cancelled', 'by request'));
      expect(client.terminal).toBeUndefined();
      vi.advanceTimersByTime(ABANDON_GRACE_MS);
      expect(client.terminal).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
      expect(pool.queue.running).toBe(0);
      expect(replicas[0]?.inFlight).toBe(0);
      // A late event from the abandoned stream is dropped.
      adapterOf(adapters, 0).last.token('late');
      expect(client.text).toBe('a');
    });

    it('abandons a hung opening attempt and retries the task elsewhere', () => {
      const { start, adapters } = setUp({ replicas: 2 });
      adapterOf(adapters, 0).ignoreAbort = true;
      const { client } = start();
      vi.advanceTimersByTime(1_000 + ABANDON_GRACE_MS + 10);
      adapterOf(adapters, 1).last.started();
      adapterOf(adapters, 1).last.token('ok');
      expect(client.events[0]).toMatchObject({ replica_id: 'r1', attempt: 2 });
    });
  });
});
