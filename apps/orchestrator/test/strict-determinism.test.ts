import {
  checkEventSequence,
  type MetricsEvent,
  readTaskStream,
  type StreamEvent,
  type Task,
  TaskError,
  taskStreamFromEvents,
  type WorkerAdapter,
} from '@orch/adapter-api';
import { createMockAdapter } from '@orch/adapter-mock';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/create-app.js';
import { Pool } from '../src/pools/pool.js';
import { Replica } from '../src/pools/replica.js';
import { createTestApp, mockPool, readEvents, textOf } from './test-app.js';

const TASK = { model: 'm', prompt: 'determinism', max_tokens: 24, seed: 7, temperature: 0.7 };

/** A pool of two mock replicas: the first fails after 5 tokens, the second is healthy. */
function failingPairPool(secondDeterministic = true) {
  const pool = mockPool('m', [{ fault: { mode: 'fail_after', after_tokens: 5 } }, {}]);
  pool.replicas = pool.replicas.map((replica, index) => ({
    ...replica,
    deterministic: index === 0 || secondDeterministic,
  }));
  return pool;
}

/** The uninterrupted stream of {@link TASK} on a healthy mock replica. */
async function referenceText(): Promise<string> {
  const { post } = await createTestApp([mockPool('m', [{}])]);
  return textOf(await readEvents(await post(TASK)));
}

/**
 * Streams a task while the second replica is held down until the task has started, so that the task starts
 * on the first (failing) replica and the second is the only place it can move to. The answer's headers come
 * once the first attempt has its first token (a task that is not queued), so the first replica is chosen by then.
 */
async function streamStartingOnFirst(
  app: { post: (body: unknown) => Response | Promise<Response> },
  pool: Pool,
  body: unknown,
): Promise<StreamEvent[]> {
  const [, second] = pool.replicas as [Replica, Replica];
  second.health = { state: 'down', detail: 'held down by the test' };
  const response = await app.post(body);
  second.health = { state: 'ready' };
  expect(response.status).toBe(200);
  const events: StreamEvent[] = [];
  for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) events.push(event);
  return events;
}

/** Wraps a mock adapter so that the token at `index` of every stream carries other text. */
function divergingAdapter(index: number): WorkerAdapter {
  const inner = createMockAdapter({ model: 'm' });
  return {
    ...inner,
    engine: inner.engine,
    submit: (task: Task, options) =>
      taskStreamFromEvents(
        (async function* diverging() {
          for await (const event of inner.submit(task, options)) {
            yield event.type === 'token' && event.i === index ? { ...event, t: `${event.t}~` } : event;
          }
        })(),
      ),
  };
}

/** Wraps a mock adapter so that its first `count` streams fail before they start (a dropped connection). */
function flakyAdapter(count: number): WorkerAdapter {
  const inner = createMockAdapter({ model: 'm' });
  let failures = 0;
  return {
    ...inner,
    engine: inner.engine,
    submit: (task: Task, options) =>
      taskStreamFromEvents(
        (async function* flaky() {
          if (failures < count) {
            failures += 1;
            throw new TaskError('engine_unavailable', 'other side closed');
          }
          yield* inner.submit(task, options);
        })(),
      ),
  };
}

/** The app over the failing pair, with the second replica's adapter replaced. */
async function appWithSecondAdapter(adapter: WorkerAdapter) {
  const { deps } = await createTestApp([failingPairPool()]);
  const original = deps.pools[0] as Pool;
  const [first, second] = original.replicas as [Replica, Replica];
  const replaced = new Replica(second.id, second.poolId, 'mock', adapter, second.breaker);
  await replaced.refresh();
  const pool = new Pool(original.config, [first, replaced]);
  const app = createApp({ ...deps, pools: [pool] });
  const post = (body: unknown) =>
    app.request('/v1/tasks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { pool, post };
}

describe('strict determinism: replica choice (ORCH-DET-042, ORCH-DET-043)', () => {
  it('refuses a strict task with 400 capability_unsupported when no replica of the pool is deterministic', async () => {
    const { post } = await createTestApp([mockPool('m', [{}, {}])]);
    const response = await post({ ...TASK, determinism: 'strict' });
    expect(response.status).toBe(400);
    const envelope = (await response.json()) as { error: { code: string; message: string } };
    expect(envelope.error.code).toBe('capability_unsupported');
    expect(envelope.error.message).toMatch(/m-0: not declared deterministic; m-1: not declared/);
    const bestEffort = await post({ ...TASK, determinism: 'best_effort' });
    expect(bestEffort.status).toBe(200);
    await bestEffort.body?.cancel();
  });

  it('refuses an unknown determinism value as invalid_request', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const response = await post({ ...TASK, determinism: 'exact' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('runs strict tasks only on deterministic replicas, best-effort tasks on any', async () => {
    const pool = mockPool('m', [{}, {}, {}]);
    pool.replicas = pool.replicas.map((replica, index) => ({ ...replica, deterministic: index === 2 }));
    const { post } = await createTestApp([pool]);
    const strictReplicas = new Set<string>();
    const anyReplicas = new Set<string>();
    for (let task = 0; task < 12; task += 1) {
      const strict = await readEvents(await post({ ...TASK, determinism: 'strict' }));
      strictReplicas.add((strict[0] as { replica_id: string }).replica_id);
      const loose = await readEvents(await post(TASK));
      anyReplicas.add((loose[0] as { replica_id: string }).replica_id);
    }
    expect([...strictReplicas]).toEqual(['m-2']);
    expect(anyReplicas.size).toBeGreaterThan(1);
  });

  it('logs the determinism stamp once per task start (ORCH-DET-003)', async () => {
    const pool = mockPool('m', [{}]);
    pool.replicas = pool.replicas.map((replica) => ({ ...replica, deterministic: true }));
    const { post, logLines } = await createTestApp([pool]);
    await readEvents(await post({ ...TASK, determinism: 'strict', task_id: 'stamp-1' }));
    const started = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record.msg === 'task started' && record.task_id === 'stamp-1');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({
      engine: 'mock',
      engine_version: '0.1.0',
      seed: 7,
      determinism: 'strict',
      replica_id: 'm-0',
    });
  });
});

describe('strict determinism: token-exact failover (ORCH-DET-050, ORCH-DET-052)', () => {
  it('resumes on another deterministic replica; the client text equals an uninterrupted run', async () => {
    const expected = await referenceText();
    const app = await createTestApp([failingPairPool()]);
    const pool = app.deps.pools[0] as Pool;
    const events = await streamStartingOnFirst(app, pool, { ...TASK, determinism: 'strict' });
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.filter((event) => event.type === 'started')).toHaveLength(1);
    expect(events[0]).toMatchObject({ replica_id: 'm-0', seed: 7 });
    expect(textOf(events)).toBe(expected);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    const notes = events.filter(
      (event): event is MetricsEvent => event.type === 'metrics' && event.failover !== undefined,
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]?.failover).toEqual({ from_replica: 'm-0', to_replica: 'm-1', resumed_at_token: 5 });
    expect(app.logLines.some((line) => line.includes('"msg":"strict task failed over"'))).toBe(true);
    const metrics = await (await app.app.request('/metrics')).text();
    expect(metrics).toMatch(/orch_tasks_in_flight\{[^}]*replica_id="m-0"\} 0/);
    expect(metrics).toMatch(/orch_tasks_in_flight\{[^}]*replica_id="m-1"\} 0/);
  });

  it('does not fail over a best-effort task: it ends with the typed error after the delivered tokens', async () => {
    const app = await createTestApp([failingPairPool()]);
    const events = await streamStartingOnFirst(app, app.deps.pools[0] as Pool, TASK);
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: 5 });
  });

  it('ends with the original failure when no other deterministic replica is left', async () => {
    const app = await createTestApp([failingPairPool(false)]);
    const events = await readEvents(await app.post({ ...TASK, determinism: 'strict' }));
    expect(checkEventSequence(events)).toEqual([]);
    const last = events.at(-1) as StreamEvent & { message: string };
    expect(last).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: 5 });
    expect(last.message).toMatch(/No other deterministic replica of pool "m"/);
  });

  it('ends with failover_mismatch, never with other text, when the next replica diverges', async () => {
    const { pool, post } = await appWithSecondAdapter(divergingAdapter(3));
    const expected = await referenceText();
    const events = await streamStartingOnFirst({ post }, pool, { ...TASK, determinism: 'strict' });
    expect(checkEventSequence(events)).toEqual([]);
    const last = events.at(-1) as StreamEvent & { message: string };
    expect(last).toMatchObject({ type: 'error', code: 'failover_mismatch', tokens_delivered: 5 });
    expect(last.message).toMatch(/regenerated token 3/);
    expect(expected.startsWith(textOf(events))).toBe(true);
    expect(events.some((event) => event.type === 'metrics' && event.failover !== undefined)).toBe(false);
  });

  it('tries a replica again when it failed before starting the replay (a dropped connection)', async () => {
    const { pool, post } = await appWithSecondAdapter(flakyAdapter(1));
    const expected = await referenceText();
    const events = await streamStartingOnFirst({ post }, pool, { ...TASK, determinism: 'strict' });
    expect(checkEventSequence(events)).toEqual([]);
    expect(textOf(events)).toBe(expected);
    expect(events.find((event) => event.type === 'metrics' && event.failover !== undefined)).toMatchObject({
      failover: { from_replica: 'm-0', to_replica: 'm-1', resumed_at_token: 5 },
    });
  });
});
