import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StreamEvent } from '@orch/adapter-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config/parse-config.js';
import { ENGINE_MODULES } from '../src/engine-modules.js';
import type {
  UiEngine,
  UiQueueDelta,
  UiReplica,
  UiSnapshot,
  UiTaskDetail,
  UiTaskSummary,
} from '../src/events/ui-event-types.js';
import { startOrchestrator } from '../src/main.js';
import type { Pool } from '../src/pools/pool.js';
import type { Replica } from '../src/pools/replica.js';
import { createTestApp, mockPool, readEvents } from './test-app.js';
import { readUiEvents, type UiEventReader, type UiMessage } from './ui-event-reader.js';

const OPERATOR_KEY = 'operator-key-0123456789';
const READER_KEY = 'reader-key-0123456789ab';

const open: UiEventReader[] = [];
const subscribedApps = new Set<TestApp>();
afterEach(async () => {
  await Promise.all(open.splice(0).map((reader) => reader.close()));
  for (const app of subscribedApps) app.deps.ui?.stop();
  subscribedApps.clear();
});

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

async function subscribe(
  app: TestApp,
  headers: Record<string, string> = {},
  query = '',
): Promise<UiEventReader> {
  const response = await app.app.request(`/v1/events${query}`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = readUiEvents(response);
  open.push(reader);
  subscribedApps.add(app);
  return reader;
}

/** The summaries of `taskId` in one message: a `tasks` event carries every task that changed in a tick. */
const summariesIn = (message: UiMessage, taskId: string): UiTaskSummary[] =>
  message.event === 'tasks'
    ? (message.data as UiTaskSummary[]).filter((summary) => summary.task_id === taskId)
    : [];

const isTask =
  (taskId: string, predicate: (summary: UiTaskSummary) => boolean = () => true) =>
  (message: UiMessage) =>
    summariesIn(message, taskId).some(predicate);

/** Every summary of `taskId` the reader received so far, in order. */
const summariesOf = (reader: UiEventReader, taskId: string): UiTaskSummary[] =>
  reader.messages.flatMap((message) => summariesIn(message, taskId));

/** The first summary of `taskId` that matches `predicate`, waited for. */
async function waitForTask(
  reader: UiEventReader,
  taskId: string,
  predicate: (summary: UiTaskSummary) => boolean = () => true,
): Promise<UiTaskSummary> {
  const message = await reader.waitFor(isTask(taskId, predicate));
  return summariesIn(message, taskId).find(predicate) as UiTaskSummary;
}

async function snapshotOf(reader: UiEventReader): Promise<UiSnapshot> {
  return (await reader.waitFor((message) => message.event === 'snapshot')).data as UiSnapshot;
}

describe('GET /v1/events: snapshot then deltas (ORCH-UI-001, ORCH-UI-002, ORCH-UI-010, ORCH-UI-014)', () => {
  it('opens with a snapshot of every pool and replica, with breaker states and what the viewer may do', async () => {
    const app = await createTestApp([mockPool('a', [{}, {}]), mockPool('b', [{ fault: { mode: 'down' } }])]);
    const reader = await subscribe(app);
    const first = await reader.waitFor(() => true);
    expect(first.event).toBe('snapshot');
    expect(first.id).toBe('1');
    const snapshot = first.data as UiSnapshot;
    expect(snapshot.pools.map((pool) => [pool.id, pool.replicas.map((replica) => replica.id)])).toEqual([
      ['a', ['a-0', 'a-1']],
      ['b', ['b-0']],
    ]);
    const downReplica = snapshot.pools[1]?.replicas[0] as UiReplica;
    expect(downReplica).toMatchObject({
      pool_id: 'b',
      engine: 'mock',
      health: 'down',
      breaker: { state: 'closed' },
    });
    expect(snapshot.ui).toEqual({ can_act: true, keep_prompts: false });
    expect(snapshot.instances).toHaveLength(1);
    expect(snapshot.instances[0]?.self).toBe(true);
    expect(snapshot.tasks).toEqual({ running: [], recent: [] });
  });

  it('publishes a task sent by another client: its phases, its token count and its end, ids increasing', async () => {
    const app = await createTestApp([mockPool('m', [{ tokens_per_second: 40 }])]);
    const reader = await subscribe(app);
    const events = await readEvents(
      await app.post({ model: 'm', prompt: 'hi', max_tokens: 20, task_id: 'seen-1' }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'end' });
    const done = await waitForTask(reader, 'seen-1', (summary) => summary.phase === 'done');
    expect(done).toMatchObject({
      model: 'm',
      pool_id: 'm',
      replica_id: 'm-0',
      outcome: 'ok',
      tokens: 20,
      attempts: 1,
    });
    const phases = summariesOf(reader, 'seen-1').map((summary) => summary.phase);
    expect(phases).toContain('streaming');
    expect(phases.at(-1)).toBe('done');
    const counts = summariesOf(reader, 'seen-1')
      .filter((summary) => summary.phase === 'streaming')
      .map((summary) => summary.tokens);
    // The counts rise while it streams: 20 tokens at 40/s take 500 ms, two or three ticks of 250 ms.
    expect(counts.length).toBeGreaterThan(0);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.every((count) => count > 0 && count < 20)).toBe(true);
    // Coalesced: each tick's `tasks` event holds the task at most once, and the ticks are apart.
    const carrying = reader.messages.filter(isTask('seen-1'));
    expect(carrying.length).toBe(phases.length);
    expect(carrying.length).toBeLessThanOrEqual(4);
    const ids = reader.messages.map((message) => Number(message.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends a burst of short tasks as a few `tasks` events, each task ended once, in-flight counts per tick', async () => {
    const app = await createTestApp([mockPool('m', [{}, {}])]);
    const reader = await subscribe(app);
    await snapshotOf(reader);
    const ids = Array.from({ length: 12 }, (_, index) => `burst-${index}`);
    const answers = await Promise.all(
      ids.map((taskId) => app.post({ model: 'm', prompt: 'x', max_tokens: 2, task_id: taskId })),
    );
    for (const answer of answers) expect((await readEvents(answer)).at(-1)).toMatchObject({ type: 'end' });
    const finished = () =>
      ids.flatMap((taskId) => summariesOf(reader, taskId).filter((summary) => summary.phase === 'done'));
    await reader.waitFor(() => finished().length === ids.length);
    expect(finished().map((summary) => summary.outcome)).toEqual(ids.map(() => 'ok'));
    const carrying = reader.messages.filter((message) => ids.some((taskId) => isTask(taskId)(message)));
    // Twelve tasks of two tokens end within a tick or two: far fewer events than tasks (one each unbatched).
    expect(carrying.length).toBeLessThanOrEqual(3);
    for (const message of carrying) {
      const handles = (message.data as UiTaskSummary[]).map((summary) => summary.handle);
      expect(new Set(handles).size).toBe(handles.length);
    }
    // Each replica took tasks in and out 12 times in all; its in-flight count goes out once a tick at most.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const replicaEvents = reader.messages.filter((message) => message.event === 'replica');
    expect(replicaEvents.length).toBeLessThanOrEqual(2 * 3);
    const last = (id: string) =>
      replicaEvents.filter((message) => (message.data as UiReplica).id === id).at(-1);
    for (const id of ['m-0', 'm-1']) {
      const event = last(id);
      if (event !== undefined) expect((event.data as UiReplica).in_flight).toBe(0);
    }
  });
});

/** The handle of the task with `taskId`, from the bus. */
async function handleOf(reader: UiEventReader, taskId: string): Promise<string> {
  return (await waitForTask(reader, taskId)).handle;
}

/** The events replayed by `/v1/events/tasks/{handle}/events`. */
async function replayOf(
  app: TestApp,
  handle: string,
  headers: Record<string, string> = {},
): Promise<StreamEvent[]> {
  const response = await app.app.request(`/v1/events/tasks/${handle}/events`, { headers });
  expect(response.status).toBe(200);
  return readEvents(response);
}

/** Two strict-capable mock replicas, the first failing after 5 tokens (a failover moves the task to the second). */
function failingPairPool() {
  const pool = mockPool('m', [{ fault: { mode: 'fail_after', after_tokens: 5 } }, {}]);
  pool.replicas = pool.replicas.map((replica) => ({ ...replica, deterministic: true }));
  return pool;
}

describe("a task's own events (ORCH-UI-023)", () => {
  it('replays, in order, exactly the events its client received', async () => {
    const app = await createTestApp([mockPool('m', [{ metrics_every: 4 }])]);
    const reader = await subscribe(app);
    const client = await readEvents(
      await app.post({ model: 'm', prompt: 'replay me', max_tokens: 12, task_id: 'r-1' }),
    );
    expect(client.some((event) => event.type === 'metrics')).toBe(true);
    expect(await replayOf(app, await handleOf(reader, 'r-1'))).toEqual(client);
  });

  it('replays a failed-over strict task exactly as its client received it, failover note included', async () => {
    const app = await createTestApp([failingPairPool()]);
    const [, second] = (app.deps.pools[0] as Pool).replicas as [Replica, Replica];
    const reader = await subscribe(app);
    second.health = { state: 'down', detail: 'held down by the test' };
    const response = await app.post({
      model: 'm',
      prompt: 'p',
      max_tokens: 24,
      seed: 7,
      determinism: 'strict',
      task_id: 'fo-1',
    });
    second.health = { state: 'ready' };
    const client = await readEvents(response);
    expect(client.some((event) => event.type === 'metrics' && event.failover !== undefined)).toBe(true);
    const handle = await handleOf(reader, 'fo-1');
    expect(await replayOf(app, handle)).toEqual(client);
    const detail = (await (await app.app.request(`/v1/events/tasks/${handle}`)).json()) as UiTaskDetail;
    const failover = detail.timeline.find((entry) => entry.kind === 'failover');
    expect(failover).toMatchObject({ replica_id: 'm-0', resumed_at_token: 5 });
    expect(detail.timeline.map((entry) => entry.kind)).toEqual([
      'attempt',
      'token_first',
      'failover',
      'attempt',
      'terminal',
    ]);
    expect(detail.summary).toMatchObject({ replica_id: 'm-1', outcome: 'ok', attempts: 2 });
  });

  it('follows a running task live and ends with its terminal event', async () => {
    const app = await createTestApp([mockPool('m', [{ tokens_per_second: 50 }])]);
    const reader = await subscribe(app);
    const response = await app.post({ model: 'm', prompt: 'live', max_tokens: 15, task_id: 'live-1' });
    const handle = await handleOf(reader, 'live-1');
    const [client, replay] = await Promise.all([readEvents(response), replayOf(app, handle)]);
    expect(replay).toEqual(client);
    expect(replay.at(-1)).toMatchObject({ type: 'end' });
  });

  it('keeps at most 20,000 events of one task: its replay says where it was cut and still ends with the terminal', async () => {
    const app = await createTestApp([mockPool('m', [{ natural_length: 100_000, context_size: 200_000 }])]);
    const reader = await subscribe(app);
    const client = await readEvents(
      await app.post({ model: 'm', prompt: 'long', max_tokens: 32_000, task_id: 'cut-1' }),
    );
    expect(client.length).toBeGreaterThan(20_001);
    const response = await app.app.request(`/v1/events/tasks/${await handleOf(reader, 'cut-1')}/events`);
    expect(await response.clone().text()).toContain(': replay cut after 20000 events');
    const replay = await readEvents(response);
    expect(replay).toEqual([...client.slice(0, 20_000), client.at(-1)]);
  });

  it('answers 404 not_found for an unknown handle', async () => {
    const app = await createTestApp([mockPool('m', [{}])]);
    for (const path of ['/v1/events/tasks/nope', '/v1/events/tasks/nope/events']) {
      const response = await app.app.request(path);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

describe('with nobody subscribed the bus costs nothing (ORCH-UI-003)', () => {
  it('publishes nothing and keeps no replay log, yet records the task', async () => {
    const app = await createTestApp([mockPool('m', [{}])]);
    const ui = app.deps.ui;
    if (ui === undefined) throw new Error('ui is on by default');
    const publish = vi.spyOn(ui.bus, 'publish');
    const events = await readEvents(
      await app.post({ model: 'm', prompt: 'quiet', max_tokens: 30, task_id: 'q-1' }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'end' });
    expect(publish).not.toHaveBeenCalled();
    const [record] = ui.tasks.recentTasks();
    expect(record?.summary()).toMatchObject({ task_id: 'q-1', outcome: 'ok', tokens: 30 });
    expect(record?.log).toBeUndefined();
  });
});

describe('recent tasks (ORCH-UI-020, ORCH-UI-021)', () => {
  it('evicts the oldest finished task at ui.recent_tasks; its handle then answers 404', async () => {
    const app = await createTestApp([mockPool('m', [{}])], {}, { recent_tasks: 3 });
    const reader = await subscribe(app);
    for (let n = 1; n <= 5; n++) {
      await readEvents(await app.post({ model: 'm', prompt: 'x', max_tokens: 2, task_id: `ring-${n}` }));
    }
    const first = await handleOf(reader, 'ring-1');
    const last = await handleOf(reader, 'ring-5');
    const snapshot = await snapshotOf(await subscribe(app));
    expect(snapshot.tasks.recent.map((task) => task.task_id)).toEqual(['ring-5', 'ring-4', 'ring-3']);
    expect((await app.app.request(`/v1/events/tasks/${first}`)).status).toBe(404);
    expect((await app.app.request(`/v1/events/tasks/${last}`)).status).toBe(200);
  });

  it('puts the newest `recent` recent tasks in a snapshot (default 1,000), refusing a count out of range', async () => {
    const app = await createTestApp([mockPool('m', [{}])], {}, { recent_tasks: 1_010 });
    for (let batch = 0; batch < 1_005 / 5; batch++) {
      await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          Promise.resolve(
            app.post({ model: 'm', prompt: 'x', max_tokens: 1, task_id: `kept-${batch * 5 + index + 1}` }),
          ).then(readEvents),
        ),
      );
    }
    expect(app.deps.ui?.tasks.recentTasks()).toHaveLength(1_005);
    const byDefault = (await snapshotOf(await subscribe(app))).tasks.recent;
    expect(byDefault).toHaveLength(1_000);
    const newestFirst = [...byDefault].sort((a, b) => (b.ended_at ?? 0) - (a.ended_at ?? 0));
    expect(byDefault.map((task) => task.ended_at)).toEqual(newestFirst.map((task) => task.ended_at));
    const all = (await snapshotOf(await subscribe(app, {}, '?recent=1010'))).tasks.recent;
    expect(all).toHaveLength(1_005);
    const two = (await snapshotOf(await subscribe(app, {}, '?recent=2'))).tasks.recent;
    expect(two.map((task) => task.handle)).toEqual(all.slice(0, 2).map((task) => task.handle));
    for (const bad of ['1011', '-1', '1.5', 'all', '']) {
      const refused = await app.app.request(`/v1/events?recent=${bad}`);
      expect(refused.status).toBe(400);
      expect(await errorCodeOf(refused)).toBe('invalid_request');
    }
    expect((await snapshotOf(await subscribe(app, {}, '?recent=0'))).tasks.recent).toEqual([]);
  });

  it('gives two owners the same task id distinct handles', async () => {
    const keys = [
      { name: 'alice', key: 'alice-key-0123456789' },
      { name: 'bob', key: 'bob-key-0123456789ab' },
      { name: 'ops', key: OPERATOR_KEY, operator: true },
    ];
    const app = await createTestApp([mockPool('m', [{}])], { auth: { keys } });
    const reader = await subscribe(app, { authorization: `Bearer ${OPERATOR_KEY}` });
    for (const key of keys.slice(0, 2)) {
      const response = await app.post(
        { model: 'm', prompt: 'x', max_tokens: 2, task_id: 'same' },
        { headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` } },
      );
      await readEvents(response);
    }
    const finished = () => summariesOf(reader, 'same').filter((summary) => summary.phase === 'done');
    await reader.waitFor(() => finished().length >= 2);
    expect(new Set(finished().map((summary) => summary.handle)).size).toBe(2);
  });
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const AUTH = {
  auth: {
    keys: [
      { name: 'ops', key: OPERATOR_KEY, operator: true },
      { name: 'reader', key: READER_KEY },
    ],
  },
};

/** A pool whose only replica fails before it starts; one failure opens its breaker for a minute. */
const breakingPool = () =>
  mockPool('b', [{ fault: { mode: 'fail_before_start' } }], {
    breaker: { volume_threshold: 1, reset_timeout_ms: 60_000 },
  });

async function errorCodeOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('access to the stream and the actions (ORCH-UI-040, ORCH-UI-041)', () => {
  it('needs a key for /v1/events with auth on; an operator may act, another key may not', async () => {
    const app = await createTestApp([mockPool('m', [{}])], AUTH);
    expect((await app.app.request('/v1/events')).status).toBe(401);
    const operator = await snapshotOf(await subscribe(app, bearer(OPERATOR_KEY)));
    const reader = await snapshotOf(await subscribe(app, bearer(READER_KEY)));
    expect(operator.ui.can_act).toBe(true);
    expect(reader.ui.can_act).toBe(false);
    const reset = (key: string) =>
      app.app.request('/v1/replicas/m-0/breaker/reset', { method: 'POST', headers: bearer(key) });
    const refused = await reset(READER_KEY);
    expect(refused.status).toBe(403);
    expect(await errorCodeOf(refused)).toBe('forbidden');
    expect((await reset(OPERATOR_KEY)).status).toBe(200);
    const cancel = await app.app.request('/v1/events/tasks/t1/cancel', {
      method: 'POST',
      headers: bearer(READER_KEY),
    });
    expect(cancel.status).toBe(403);
    const engine = await app.app.request('/v1/engines/m:m-0/restart', {
      method: 'POST',
      headers: bearer(READER_KEY),
    });
    expect(engine.status).toBe(403);
  });

  it("shows a non-operator key its own tasks only; another owner's handle answers 404", async () => {
    const app = await createTestApp([mockPool('m', [{}])], AUTH);
    const operator = await subscribe(app, bearer(OPERATOR_KEY));
    const reader = await subscribe(app, bearer(READER_KEY));
    const post = async (key: string, taskId: string) =>
      readEvents(
        await app.post(
          { model: 'm', prompt: 'x', max_tokens: 3, task_id: taskId },
          { headers: { 'content-type': 'application/json', ...bearer(key) } },
        ),
      );
    await post(OPERATOR_KEY, 'ops-task');
    await post(READER_KEY, 'reader-task');
    await operator.waitFor(isTask('reader-task', (summary) => summary.phase === 'done'));
    await reader.waitFor(isTask('reader-task', (summary) => summary.phase === 'done'));
    expect(reader.messages.some(isTask('ops-task'))).toBe(false);
    const opsHandle = await handleOf(operator, 'ops-task');
    expect(
      (await app.app.request(`/v1/events/tasks/${opsHandle}`, { headers: bearer(READER_KEY) })).status,
    ).toBe(404);
    expect(
      (await app.app.request(`/v1/events/tasks/${opsHandle}`, { headers: bearer(OPERATOR_KEY) })).status,
    ).toBe(200);
  });

  it('shows engine addresses to an operator only, in the snapshot and in replica events', async () => {
    const vllm = {
      id: 'v',
      model: 'v',
      engine: 'vllm',
      replicas: [{ id: 'v-0', url: 'http://127.0.0.1:9' }],
    };
    const app = await createTestApp([vllm], AUTH);
    const operator = await subscribe(app, bearer(OPERATOR_KEY));
    const reader = await subscribe(app, bearer(READER_KEY));
    expect((await snapshotOf(operator)).pools[0]?.replicas[0]?.url).toBe('http://127.0.0.1:9/');
    expect((await snapshotOf(reader)).pools[0]?.replicas[0]?.url).toBe('');
    const replica = (app.deps.pools[0] as Pool).replicas[0] as Replica;
    replica.health = { state: 'unhealthy', detail: 'changed by the test' };
    replica.announceCapacityChange();
    const isReplica = (message: UiMessage) => message.event === 'replica';
    expect(((await operator.waitFor(isReplica)).data as UiReplica).url).toBe('http://127.0.0.1:9/');
    const seen = (await reader.waitFor(isReplica)).data as UiReplica;
    expect(seen).toMatchObject({ health: 'unhealthy', url: '' });
  });

  it('without auth accepts actions from loopback clients only', async () => {
    const app = await createTestApp([mockPool('m', [{}])]);
    const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 40_000 } } });
    const request = (address: string) =>
      app.app.request('/v1/replicas/m-0/breaker/reset', { method: 'POST' }, from(address));
    const remote = await request('192.0.2.10');
    expect(remote.status).toBe(403);
    expect(await errorCodeOf(remote)).toBe('forbidden');
    expect((await request('127.0.0.1')).status).toBe(200);
    expect((await request('::1')).status).toBe(200);
    const snapshot = await snapshotOf(
      readUiEvents(await app.app.request('/v1/events', {}, from('192.0.2.10'))),
    );
    expect(snapshot.ui.can_act).toBe(false);
  });

  it('answers 404 on /v1/events and the actions with ui.anonymous off (auth off) or ui.enabled false', async () => {
    for (const ui of [{ anonymous: 'off' }, { enabled: false }]) {
      const app = await createTestApp([mockPool('m', [{}])], {}, ui);
      expect((await app.app.request('/v1/events')).status).toBe(404);
      expect((await app.app.request('/v1/replicas/m-0/breaker/reset', { method: 'POST' })).status).toBe(404);
    }
  });
});

describe('actions (ORCH-UI-042, ORCH-UI-011)', () => {
  it('resets an open breaker and publishes the closed breaker as a replica event', async () => {
    const app = await createTestApp([breakingPool()]);
    const failed = await app.post({ model: 'b', prompt: 'x', max_tokens: 2 });
    expect(failed.status).toBe(503);
    const reader = await subscribe(app);
    const snapshot = await snapshotOf(reader);
    const open = snapshot.pools[0]?.replicas[0] as UiReplica;
    expect(open.breaker.state).toBe('open');
    expect(open.breaker.half_open_at).toBe((open.breaker.opens_at as number) + 60_000);
    const response = await app.app.request('/v1/replicas/b:b-0/breaker/reset', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as UiReplica).breaker).toEqual({ state: 'closed' });
    const event = await reader.waitFor((message) => message.event === 'replica');
    expect(event.data).toMatchObject({ id: 'b-0', pool_id: 'b', breaker: { state: 'closed' } });
    expect((event.data as UiReplica).breaker.opens_at).toBeUndefined();
  });

  it('answers 404 for an unknown replica and 400 for an id several pools use', async () => {
    const app = await createTestApp([mockPool('a', [{}]), mockPool('b', [{}])]);
    expect((await app.app.request('/v1/replicas/zz/breaker/reset', { method: 'POST' })).status).toBe(404);
    const twins = await createTestApp([
      { ...mockPool('a', [{}]), replicas: [{ id: 'r', options: {} }] },
      { ...mockPool('b', [{}]), replicas: [{ id: 'r', options: {} }] },
    ]);
    const ambiguous = await twins.app.request('/v1/replicas/r/breaker/reset', { method: 'POST' });
    expect(ambiguous.status).toBe(400);
    expect(await errorCodeOf(ambiguous)).toBe('invalid_request');
    expect((await twins.app.request('/v1/replicas/b:r/breaker/reset', { method: 'POST' })).status).toBe(200);
  });

  it('cancels a running task by handle: its client gets a cancelled end', async () => {
    const app = await createTestApp([mockPool('m', [{ tokens_per_second: 20 }])]);
    const reader = await subscribe(app);
    const response = await app.post({ model: 'm', prompt: 'x', max_tokens: 200, task_id: 'c-1' });
    const { handle } = await waitForTask(reader, 'c-1', (summary) => summary.tokens > 0);
    const cancel = await app.app.request(`/v1/events/tasks/${handle}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    const events = await readEvents(response);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    const done = await waitForTask(reader, 'c-1', (summary) => summary.phase === 'done');
    expect(done).toMatchObject({ outcome: 'cancelled' });
    const again = await app.app.request(`/v1/events/tasks/${handle}/cancel`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ handle, cancelled: false });
  });
});

describe('a task detail (ORCH-UI-022)', () => {
  it('shows each attempt and retry with its replica and error, the stamp, and a curl without the prompt', async () => {
    const app = await createTestApp([
      mockPool('m', [{ fault: { mode: 'fail_before_start' } }, {}], { retry: { base_ms: 0, max_ms: 0 } }),
    ]);
    // The healthy replica looks busy, so the failing one is tried first.
    ((app.deps.pools[0] as Pool).replicas[1] as Replica).engineLoad = { waiting: 5 };
    const reader = await subscribe(app);
    await readEvents(
      await app.post({ model: 'm', prompt: 'a private prompt', max_tokens: 4, seed: 3, task_id: 'd-1' }),
    );
    const handle = await handleOf(reader, 'd-1');
    const detail = (await (await app.app.request(`/v1/events/tasks/${handle}`)).json()) as UiTaskDetail;
    expect(detail.timeline.map((entry) => [entry.kind, entry.replica_id])).toEqual([
      ['attempt', 'm-0'],
      ['retry', 'm-0'],
      ['attempt', 'm-1'],
      ['token_first', 'm-1'],
      ['terminal', undefined],
    ]);
    expect(detail.timeline[1]?.error?.code).toBe('engine_unavailable');
    expect(detail.stamp).toMatchObject({ engine: 'mock', seed: 3 });
    expect(detail.summary).toMatchObject({ attempts: 2, outcome: 'ok', replica_id: 'm-1' });
    expect(detail.curl).toContain("curl -N 'http://localhost/v1/tasks'");
    expect(detail.curl).not.toContain('a private prompt');
    expect(detail.curl).not.toContain('Authorization');
    expect(detail.prompt).toBeUndefined();
    expect(detail.output).toBeUndefined();
  });

  it('keeps the prompt and the delivered text with ui.keep_prompts, and records even with nobody subscribed', async () => {
    const app = await createTestApp([mockPool('m', [{}])], {}, { keep_prompts: true });
    const events = await readEvents(
      await app.post({ model: 'm', prompt: 'keep me', max_tokens: 5, task_id: 'k-1' }),
    );
    const [record] = app.deps.ui?.tasks.recentTasks() ?? [];
    const detail = (await (
      await app.app.request(`/v1/events/tasks/${record?.handle}`)
    ).json()) as UiTaskDetail;
    expect(detail.prompt).toBe('keep me');
    expect(detail.output).toBe(events.map((event) => (event.type === 'token' ? event.t : '')).join(''));
    expect(detail.curl).toContain('keep me');
    expect(await replayOf(app, record?.handle as string)).toEqual(events);
  });

  it('says the replay is partial for a task that started while nobody subscribed', async () => {
    const app = await createTestApp([mockPool('m', [{}])]);
    const events = await readEvents(
      await app.post({ model: 'm', prompt: 'x', max_tokens: 3, task_id: 'p-1' }),
    );
    const [record] = app.deps.ui?.tasks.recentTasks() ?? [];
    const response = await app.app.request(`/v1/events/tasks/${record?.handle}/events`);
    const text = await response.clone().text();
    expect(text).toMatch(/^: replay is partial; 3 token events were sent before it/);
    expect(await readEvents(response)).toEqual([events.at(-1)]);
  });
});

describe('queue deltas (ORCH-UI-002)', () => {
  it("publishes a pool's queue with positions by priority as tasks wait, and empties it as they start", async () => {
    const app = await createTestApp([
      {
        ...mockPool('m', [{ tokens_per_second: 100 }]),
        replicas: [{ id: 'm-0', max_concurrency: 1, options: { tokens_per_second: 100 } }],
      },
    ]);
    const reader = await subscribe(app);
    const body = (taskId: string, priority: string) => ({
      model: 'm',
      prompt: 'q',
      max_tokens: 10,
      task_id: taskId,
      priority,
    });
    const responses = await Promise.all([
      app.post(body('q-run', 'interactive')),
      app.post(body('q-batch', 'batch')),
      app.post(body('q-inter', 'interactive')),
    ]);
    const full = await reader.waitFor(
      (message) => message.event === 'queue' && (message.data as { entries: unknown[] }).entries.length === 2,
    );
    const entries = (full.data as UiQueueDelta).entries;
    expect(entries.map((entry) => [entry.task_id, entry.priority, entry.position])).toEqual([
      ['q-inter', 'interactive', 1],
      ['q-batch', 'batch', 2],
    ]);
    expect(entries[0]?.handle).toMatch(/^t/);
    await Promise.all(responses.map(readEvents));
    await reader.waitFor(
      (message) => message.event === 'queue' && (message.data as { entries: unknown[] }).entries.length === 0,
      5_000,
      reader.messages.indexOf(full) + 1,
    );
  });
});

describe('traffic (ORCH-UI-030)', () => {
  it('closes a point every second with the tokens, the finished tasks and the time to first token', async () => {
    const app = await createTestApp([mockPool('m', [{ tokens_per_second: 100 }])]);
    const reader = await subscribe(app);
    const client = await readEvents(
      await app.post({ model: 'm', prompt: 't', max_tokens: 60, task_id: 'tr-1' }),
    );
    const isPoint = (test: (point: Record<string, number>) => boolean) => (message: UiMessage) =>
      message.event === 'traffic' && test(message.data as Record<string, number>);
    await reader.waitFor(
      isPoint((point) => (point.tasks_per_s as number) >= 1),
      5_000,
    );
    const points = reader.messages
      .filter(isPoint(() => true))
      .map((message) => message.data as Record<string, number>);
    const tokenEvents = client.filter((event) => event.type === 'token').length;
    expect(points.reduce((sum, point) => sum + (point.tokens_per_s as number), 0)).toBe(tokenEvents);
    expect(points.some((point) => point.ttft_ms_p50 !== undefined && point.ttft_ms_p95 !== undefined)).toBe(
      true,
    );
    expect(points.every((point) => point.error_rate === 0)).toBe(true);
    expect((await snapshotOf(await subscribe(app))).traffic.length).toBeGreaterThanOrEqual(points.length);
  });
});

describe('secrets (ORCH-UI-044)', () => {
  it('puts no API key and no replica credential in any event or answer of the page', async () => {
    const password = 'replica-password-5ecret';
    const app = await createTestApp(
      [
        mockPool('m', [{}]),
        {
          id: 'v',
          model: 'v',
          engine: 'vllm',
          replicas: [{ id: 'v-0', url: `http://admin:${password}@127.0.0.1:9/?key=${password}` }],
        },
      ],
      AUTH,
    );
    const reader = await subscribe(app, bearer(OPERATOR_KEY));
    const client = await readEvents(
      await app.post(
        { model: 'm', prompt: `my key is ${READER_KEY}`, max_tokens: 3, task_id: 's-1' },
        { headers: { 'content-type': 'application/json', ...bearer(READER_KEY) } },
      ),
    );
    expect(client.at(-1)).toMatchObject({ type: 'end' });
    const { handle } = await waitForTask(reader, 's-1', (summary) => summary.phase === 'done');
    const detail = await (
      await app.app.request(`/v1/events/tasks/${handle}`, { headers: bearer(OPERATOR_KEY) })
    ).text();
    const snapshot = (await snapshotOf(await subscribe(app, bearer(OPERATOR_KEY)))) as UiSnapshot;
    const everything = [reader.text(), detail, JSON.stringify(snapshot)].join('\n');
    for (const secret of [OPERATOR_KEY, READER_KEY, password]) expect(everything).not.toContain(secret);
    expect((JSON.parse(detail) as UiTaskDetail).curl).toContain('-H "Authorization: Bearer $ORCH_API_KEY"');
    expect(snapshot.pools[1]?.replicas[0]?.url).toBe('http://127.0.0.1:9/');
  });
});

describe('a slow subscriber (ORCH-UI-012)', () => {
  it('is dropped once it leaves more than 8 MiB unread, while a subscriber that reads stays', async () => {
    const app = await createTestApp([mockPool('m', [{}])]);
    const ui = app.deps.ui;
    if (ui === undefined) throw new Error('ui is on by default');
    const reading = await subscribe(app);
    await snapshotOf(reading);
    const stalled = await app.app.request('/v1/events');
    expect(stalled.status).toBe(200);
    expect(ui.bus.size).toBe(2);
    const line = 'x'.repeat(512 * 1024);
    for (let n = 0; n < 24 && ui.bus.size === 2; n++) {
      ui.bus.publish('engine_log', { engine_id: 'test', lines: [line] });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(ui.bus.size).toBe(1);
    await reading.waitFor((message) => message.event === 'engine_log');
  });
});

describe('caps on open event streams (ORCH-UI-015)', () => {
  const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 40_000 } } });

  it('refuses a client its third stream with 429 too_many_streams, per-task streams included, until one closes', async () => {
    const app = await createTestApp(
      [mockPool('m', [{ tokens_per_second: 20 }])],
      {},
      { max_streams_per_client: 2 },
    );
    const first = await subscribe(app);
    await snapshotOf(first);
    const answer = await app.post({ model: 'm', prompt: 'x', max_tokens: 100, task_id: 'capped' });
    const handle = await handleOf(first, 'capped');
    const own = await app.app.request(`/v1/events/tasks/${handle}/events`);
    expect(own.status).toBe(200);
    const refused = await app.app.request('/v1/events');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_streams');
    expect((await app.app.request(`/v1/events/tasks/${handle}/events`)).status).toBe(429);
    // Another client is not counted against this one.
    expect((await app.app.request('/v1/events', {}, from('192.0.2.7'))).status).toBe(200);
    await own.body?.cancel();
    const again = await subscribe(app);
    expect((await snapshotOf(again)).instance).toBe(app.deps.ui?.instanceId);
    await app.app.request(`/v1/events/tasks/${handle}/cancel`, { method: 'POST' });
    await readEvents(answer);
  });

  it('refuses any client past ui.max_streams in all, and gives a stream back when its reader is dropped', async () => {
    const app = await createTestApp([mockPool('m', [{}])], {}, { max_streams: 2, max_streams_per_client: 0 });
    const ui = app.deps.ui;
    if (ui === undefined) throw new Error('ui is on by default');
    const reading = readUiEvents(await app.app.request('/v1/events', {}, from('192.0.2.1')));
    open.push(reading);
    subscribedApps.add(app);
    await snapshotOf(reading);
    const stalled = await app.app.request('/v1/events', {}, from('192.0.2.2'));
    expect(stalled.status).toBe(200);
    const refused = await app.app.request('/v1/events', {}, from('192.0.2.3'));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'ui.max_streams',
    );
    // The stalled reader falls 8 MiB behind and is dropped: its place is free again.
    const line = 'x'.repeat(512 * 1024);
    for (let n = 0; n < 24 && ui.bus.size === 2; n++) {
      ui.bus.publish('engine_log', { engine_id: 'test', lines: [line] });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(ui.bus.size).toBe(1);
    expect((await app.app.request('/v1/events', {}, from('192.0.2.3'))).status).toBe(200);
  });
});

describe('the ui config section (ORCH-UI-045)', () => {
  it.each([
    [{ recent_tasks: 0 }, /ui\.recent_tasks/],
    [{ log_lines: -1 }, /ui\.log_lines/],
    [{ traffic_minutes: 1.5 }, /ui\.traffic_minutes/],
    [{ max_streams: -1 }, /ui\.max_streams/],
    [{ max_streams_per_client: 2.5 }, /ui\.max_streams_per_client/],
    [{ anonymous: 'public' }, /ui\.anonymous/],
    [{ colour: 'blue' }, /ui/],
  ])('refuses %j with an error naming its path', (ui, message) => {
    const yaml = `ui: ${JSON.stringify(ui)}\npools: [{ id: m, model: m, engine: mock, replicas: [{ id: r }] }]\n`;
    expect(() => parseConfig(yaml, 'orch.yaml', ENGINE_MODULES)).toThrow(message);
  });

  it('accepts operator: true on a named key and fills the defaults', () => {
    const yaml = `server: { auth: { keys: [{ name: ops, key: ${OPERATOR_KEY}, operator: true }] } }\npools: [{ id: m, model: m, engine: mock, replicas: [{ id: r }] }]\n`;
    const config = parseConfig(yaml, 'orch.yaml', ENGINE_MODULES);
    expect(config.ui).toEqual({
      enabled: true,
      anonymous: 'read_only',
      keep_prompts: false,
      recent_tasks: 1_000,
      log_lines: 200,
      traffic_minutes: 10,
      max_streams: 64,
      max_streams_per_client: 8,
    });
    expect(config.server.auth?.keys[0]?.operator).toBe(true);
  });
});

const FAKE_ENGINE_CLI = fileURLToPath(new URL('../../../packages/fake-engines/src/cli.ts', import.meta.url));

/** A pool whose one replica is a fake vLLM the orchestrator launches (`mode` persistent or lazy). */
function managedFakePool(mode: 'persistent' | 'lazy') {
  return {
    id: 'p',
    model: 'p',
    engine: 'vllm',
    replicas: [
      {
        id: 'managed',
        options: { served_model: 'fake-model' },
        launch: {
          mode,
          command: process.execPath,
          args: ['--import', 'tsx', '--conditions=@orch/source', FAKE_ENGINE_CLI, 'vllm'].concat([
            '--port',
            '{port}',
            '--host',
            '{host}',
            '--model',
            'fake-model',
          ]),
          health: { interval_ms: 50 },
          start_timeout_ms: 60_000,
        },
      },
    ],
  };
}

describe('managed engines on the page (ORCH-UI-013, ORCH-UI-043)', () => {
  it('starts and restarts a persistent engine on request, publishing its states, pid and output', async () => {
    const app = await createTestApp([managedFakePool('persistent')]);
    const engines = app.deps.engines;
    try {
      const reader = await subscribe(app);
      const snapshot = await snapshotOf(reader);
      expect(snapshot.engines).toEqual([
        {
          id: 'p:managed',
          pool_id: 'p',
          replica_id: 'managed',
          state: 'stopped',
          restarts: 0,
          gave_up: false,
        },
      ]);
      expect(snapshot.pools[0]?.replicas[0]?.managed).toBe('p:managed');
      const isEngine = (state: string) => (message: UiMessage) =>
        message.event === 'engine' && (message.data as UiEngine).state === state;
      const start = await app.app.request('/v1/engines/p:managed/start', { method: 'POST' });
      expect(start.status).toBe(202);
      const ready = (await reader.waitFor(isEngine('ready'), 60_000)).data as UiEngine;
      expect(ready.pid).toBeGreaterThan(0);
      expect(ready.started_at).toBeGreaterThan(0);
      const log = await reader.waitFor((message) => message.event === 'engine_log', 10_000);
      expect(log.data as { engine_id: string; lines: string[] }).toMatchObject({ engine_id: 'p:managed' });
      expect((log.data as { lines: string[] }).lines.join('\n')).toContain('fake vllm listening');
      const mark = reader.messages.length;
      expect((await app.app.request('/v1/engines/p:managed/restart', { method: 'POST' })).status).toBe(202);
      const stopped = await reader.waitFor(isEngine('stopped'), 30_000, mark);
      const after = reader.messages.indexOf(stopped) + 1;
      const again = (await reader.waitFor(isEngine('ready'), 60_000, after)).data as UiEngine;
      expect(again.pid).not.toBe(ready.pid);
      const beforeStop = reader.messages.length;
      const stop = await app.app.request('/v1/engines/p:managed/stop', { method: 'POST' });
      expect(stop.status).toBe(202);
      await reader.waitFor(isEngine('stopped'), 30_000, beforeStop);
      const later = await snapshotOf(await subscribe(app));
      expect(later.engine_logs[0]?.lines.some((line) => line.includes('fake vllm listening'))).toBe(true);
    } finally {
      await engines.stopAll();
    }
  }, 120_000);

  it('refuses actions on a lazy engine (400) and answers 404 for an unknown engine or action', async () => {
    const app = await createTestApp([managedFakePool('lazy')]);
    const lazy = await app.app.request('/v1/engines/p:managed/start', { method: 'POST' });
    expect(lazy.status).toBe(400);
    expect(await errorCodeOf(lazy)).toBe('invalid_request');
    expect((await app.app.request('/v1/engines/p:nope/start', { method: 'POST' })).status).toBe(404);
    expect((await app.app.request('/v1/engines/p:managed/explode', { method: 'POST' })).status).toBe(404);
  });
});

describe('over real HTTP (ORCH-UI-010, ORCH-UI-022)', () => {
  it('streams /v1/events from a listening orchestrator and writes the curl against the port it is bound to', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'orch-ui-'));
    const configPath = join(directory, 'orch.yaml');
    await writeFile(
      configPath,
      'server: { host: 127.0.0.1, port: 0 }\npools: [{ id: m, model: m, engine: mock, replicas: [{ id: r, options: { tokens_per_second: 100 } }] }]\n',
    );
    const orchestrator = await startOrchestrator({ configPath, writeLog: () => {} });
    try {
      const port = new URL(orchestrator.url).port;
      expect(port).not.toBe('0');
      const events = readUiEvents(await fetch(`${orchestrator.url}/v1/events`));
      open.push(events);
      expect((await snapshotOf(events)).pools[0]?.replicas[0]?.id).toBe('r');
      const response = await fetch(`${orchestrator.url}/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', prompt: 'over http', max_tokens: 8, task_id: 'h-1' }),
      });
      const client = await readEvents(response);
      const { handle } = await waitForTask(events, 'h-1', (summary) => summary.phase === 'done');
      const detail = (await (
        await fetch(`${orchestrator.url}/v1/events/tasks/${handle}`)
      ).json()) as UiTaskDetail;
      expect(detail.curl).toContain(`'http://127.0.0.1:${port}/v1/tasks'`);
      expect(await readEvents(await fetch(`${orchestrator.url}/v1/events/tasks/${handle}/events`))).toEqual(
        client,
      );
    } finally {
      await orchestrator.shutdown(0);
      await rm(directory, { recursive: true, force: true });
    }
  });
});
