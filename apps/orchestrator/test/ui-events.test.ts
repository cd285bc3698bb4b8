import { afterEach, describe, expect, it } from 'vitest';
import type { UiReplica, UiSnapshot, UiTaskSummary } from '../src/events/ui-event-types.js';
import { createTestApp, mockPool, readEvents } from './test-app.js';
import { readUiEvents, type UiEventReader, type UiMessage } from './ui-event-reader.js';

const _OPERATOR_KEY = 'operator-key-0123456789';
const _READER_KEY = 'reader-key-0123456789ab';

const open: UiEventReader[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((reader) => reader.close()));
});

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

async function subscribe(app: TestApp, headers: Record<string, string> = {}): Promise<UiEventReader> {
  const response = await app.app.request('/v1/events', { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = readUiEvents(response);
  open.push(reader);
  return reader;
}

const isTask =
  (taskId: string, predicate: (summary: UiTaskSummary) => boolean = () => true) =>
  (message: UiMessage) =>
    message.event === 'task' &&
    (message.data as UiTaskSummary).task_id === taskId &&
    predicate(message.data as UiTaskSummary);

async function _snapshotOf(reader: UiEventReader): Promise<UiSnapshot> {
  return (await reader.waitFor((message) => message.event === 'snapshot')).data as UiSnapshot;
}

describe('GET /v1/events: snapshot then deltas (ORCH-UI-001, ORCH-UI-010)', () => {
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
    const done = (await reader.waitFor(isTask('seen-1', (summary) => summary.phase === 'done')))
      .data as UiTaskSummary;
    expect(done).toMatchObject({
      model: 'm',
      pool_id: 'm',
      replica_id: 'm-0',
      outcome: 'ok',
      tokens: 20,
      attempts: 1,
    });
    const phases = reader.messages
      .filter(isTask('seen-1'))
      .map((message) => (message.data as UiTaskSummary).phase);
    expect(phases[0]).toBe('opening');
    expect(phases).toContain('streaming');
    const counts = reader.messages
      .filter(isTask('seen-1', (summary) => summary.phase === 'streaming'))
      .map((message) => (message.data as UiTaskSummary).tokens);
    // The counts rise while it streams (coalesced: at most one event per 250 ms besides the phase changes).
    expect(counts.length).toBeGreaterThan(1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    const ids = reader.messages.map((message) => Number(message.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
