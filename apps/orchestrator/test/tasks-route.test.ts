import { checkEventSequence, deriveSeed, type StreamEvent, taskStreamFromEvents } from '@orch/adapter-api';
import { createMockAdapter } from '@orch/adapter-mock';
import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool, readEvents, textOf } from './test-app.js';

describe('POST /v1/tasks streaming (ORCH-API-001)', () => {
  it('streams started, tokens and one end as SSE, with the mock text for the seed (ORCH-DET-002)', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const response = await post({ model: 'm', prompt: 'Hello', max_tokens: 12, seed: 7, task_id: 'fixed-1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-task-id')).toBe('fixed-1');
    const events = await readEvents(response);
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({
      type: 'started',
      task_id: 'fixed-1',
      pool_id: 'm',
      replica_id: 'm-0',
      seed: 7,
      attempt: 1,
    });
    let direct = '';
    const task = {
      task_id: 'x',
      model: 'm',
      prompt: 'Hello',
      max_tokens: 12,
      priority: 'interactive' as const,
      seed: 7,
    };
    for await (const event of createMockAdapter().submit(task)) if (event.type === 'token') direct += event.t;
    expect(textOf(events)).toBe(direct);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length', tokens_out: 12 });
  });

  it('derives the seed from the task id when none is given (ORCH-DET-001)', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const first = await readEvents(
      await post({ model: 'm', prompt: 'Hi', task_id: 'same-id', max_tokens: 8 }),
    );
    const second = await readEvents(
      await post({ model: 'm', prompt: 'Hi', task_id: 'same-id', max_tokens: 8 }),
    );
    expect(first[0]).toMatchObject({ type: 'started', seed: deriveSeed('same-id') });
    expect(textOf(second)).toBe(textOf(first));
  });

  it('accepts chat messages and a single stop string', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const events = await readEvents(
      await post({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stop: 'zzz', max_tokens: 4 }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'end' });
  });
});

describe('POST /v1/tasks refusals before streaming (ORCH-API-002)', () => {
  const cases: [string, unknown, number, string][] = [
    ['bad JSON', '{"model": "m", "prompt": ', 400, 'invalid_request'],
    ['a JSON array', '[1,2]', 400, 'invalid_request'],
    ['an unknown model', { model: 'nope', prompt: 'x' }, 404, 'unknown_model'],
    ['a missing prompt', { model: 'm' }, 400, 'invalid_request'],
    [
      'both prompt and messages',
      { model: 'm', prompt: 'x', messages: [{ role: 'user', content: 'y' }] },
      400,
      'invalid_request',
    ],
    ['a negative max_tokens', { model: 'm', prompt: 'x', max_tokens: -1 }, 400, 'invalid_request'],
    ['a fractional max_tokens', { model: 'm', prompt: 'x', max_tokens: 1.5 }, 400, 'invalid_request'],
    [
      'max_tokens over the pool limit',
      { model: 'm', prompt: 'x', max_tokens: 10_000_000 },
      400,
      'invalid_request',
    ],
    ['a string temperature', { model: 'm', prompt: 'x', temperature: 'hot' }, 400, 'invalid_request'],
    ['a seed out of range', { model: 'm', prompt: 'x', seed: 2 ** 40 }, 400, 'invalid_request'],
    ['an unknown priority', { model: 'm', prompt: 'x', priority: 'urgent' }, 400, 'invalid_request'],
    ['an unknown field', { model: 'm', prompt: 'x', max_token: 3 }, 400, 'invalid_request'],
    ['a bad task id', { model: 'm', prompt: 'x', task_id: 'has space' }, 400, 'invalid_request'],
    [
      'a prompt over the character limit',
      { model: 'm', prompt: 'x'.repeat(200_001) },
      400,
      'invalid_request',
    ],
  ];

  it.each(cases)(
    'answers %s with a typed JSON envelope (ORCH-API-005)',
    async (_name, body, status, code) => {
      const { post } = await createTestApp([mockPool('m', [{}])]);
      const response = await post(body);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const envelope = (await response.json()) as {
        error: { code: string; message: string; retriable: boolean };
      };
      expect(envelope.error.code).toBe(code);
      expect(envelope.error.retriable).toBe(false);
      expect(envelope.error.message.length).toBeGreaterThan(5);
    },
  );

  it('names the offending field in the message', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const envelope = (await (await post({ model: 'm', prompt: 'x', max_tokens: -1 })).json()) as {
      error: { message: string };
    };
    expect(envelope.error.message).toMatch(/max_tokens/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const { post } = await createTestApp([mockPool('m', [{}])]);
    const response = await post({ model: 'm', prompt: 'x'.repeat(1_100_000) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('refuses a non-JSON content type with 415 and invalid UTF-8 with 400', async () => {
    const { app, post } = await createTestApp([mockPool('m', [{}])]);
    const form = await post('a=b', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"model":"m","prompt":"'),
      0xff,
      0xfe,
      0x22,
      0x7d,
    ]);
    const invalid = await app.request('/v1/tasks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/UTF-8/);
  });

  it('refuses a task id that is already running with 409', async () => {
    const { post } = await createTestApp([mockPool('m', [{ tokens_per_second: 50 }])]);
    const first = await post({ model: 'm', prompt: 'x', task_id: 'dup', max_tokens: 50 });
    const second = await post({ model: 'm', prompt: 'x', task_id: 'dup' });
    expect(second.status).toBe(409);
    await first.body?.cancel();
  });

  it('answers unknown routes with a not_found envelope', async () => {
    const { app } = await createTestApp([mockPool('m', [{}])]);
    const response = await app.request('/v2/whatever');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('retries before the first token (ORCH-RES-001, OC-ADAPT-6002)', () => {
  it('retries a retriable failure on another replica and reports the attempt number', async () => {
    const { post, logLines } = await createTestApp([
      mockPool('m', [{ fault: { mode: 'fail_before_start' } }, { fault: { mode: 'fail_before_start' } }, {}]),
    ]);
    let attempts = 0;
    for (let task = 0; task < 10; task += 1) {
      const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 3 }));
      expect(events[0]).toMatchObject({ type: 'started', replica_id: 'm-2' });
      expect(events.at(-1)).toMatchObject({ type: 'end' });
      attempts += (events[0] as { attempt: number }).attempt;
    }
    // Replica order is random: with 10 tasks, some first tries land on a failing replica (chance of none: 3^-10).
    const retries = logLines.filter((line) => line.includes('attempt failed before the first token')).length;
    expect(retries).toBeGreaterThan(0);
    expect(attempts).toBe(10 + retries);
  });

  it('answers the last failure as an HTTP error when every replica fails before streaming', async () => {
    const { post } = await createTestApp([mockPool('m', [{ fault: { mode: 'fail_before_start' } }])]);
    const response = await post({ model: 'm', prompt: 'x' });
    expect(response.status).toBe(503);
    const envelope = (await response.json()) as {
      error: { code: string; retriable: boolean; task_id: string };
    };
    expect(envelope.error).toMatchObject({ code: 'engine_unavailable', retriable: true });
    expect(envelope.error.task_id).toBeTypeOf('string');
  });

  it('answers no_ready_replica when no replica is healthy', async () => {
    const { post } = await createTestApp([mockPool('m', [{ fault: { mode: 'down' } }])]);
    const response = await post({ model: 'm', prompt: 'x' });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('no_ready_replica');
  });
});

describe('failures after the first token (ORCH-RES-002)', () => {
  it('ends with a typed error event that says how many tokens were delivered', async () => {
    const { post } = await createTestApp([
      mockPool('m', [{ fault: { mode: 'fail_after', after_tokens: 3 } }]),
    ]);
    const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 10 }));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine_error', tokens_delivered: 3 });
  });

  it('adds stream_truncated when an adapter ends without a terminal event (never a bare close)', async () => {
    const { post } = await createTestApp([
      mockPool('m', [{ fault: { mode: 'close_without_terminal', after_tokens: 2 } }]),
    ]);
    const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 10 }));
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'stream_truncated',
      tokens_delivered: 2,
      retriable: true,
    });
  });

  it('ends a stalled stream with idle_timeout (ORCH-RES-003)', async () => {
    const { post, deps } = await createTestApp([
      mockPool('m', [{ fault: { mode: 'stall', after_tokens: 2 } }], { timeouts: { idle_ms: 100 } }),
    ]);
    const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 10 }));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'idle_timeout', tokens_delivered: 2 });
    expect(deps.pools[0]?.replicas[0]?.inFlight).toBe(0);
  });

  it('ends with deadline_exceeded when deadline_ms elapses mid-stream (ORCH-RES-004)', async () => {
    const { post } = await createTestApp([mockPool('m', [{ tokens_per_second: 100 }])]);
    const events = await readEvents(
      await post({ model: 'm', prompt: 'x', max_tokens: 1000, deadline_ms: 120 }),
    );
    const last = events.at(-1) as StreamEvent;
    expect(last).toMatchObject({ type: 'error', code: 'deadline_exceeded', retriable: false });
    expect(checkEventSequence(events)).toEqual([]);
  });

  it('fails a task whose first token does not come within the TTFT timeout with ttft_timeout (ORCH-RES-005)', async () => {
    const { post } = await createTestApp([
      mockPool('m', [{ first_token_delay_ms: 5_000 }], { timeouts: { ttft_ms: 100 } }),
    ]);
    const response = await post({ model: 'm', prompt: 'x' });
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ttft_timeout');
  });
});

describe('cancel (ORCH-API-003)', () => {
  it('POST /v1/tasks/{id}/cancel ends the stream with finish_reason cancelled and no further tokens (ORCH-EVT-004)', async () => {
    const { app, post, deps } = await createTestApp([mockPool('m', [{ tokens_per_second: 100 }])]);
    const response = await post({ model: 'm', prompt: 'x', task_id: 'to-cancel', max_tokens: 1000 });
    const events: StreamEvent[] = [];
    const { readTaskStream } = await import('@orch/adapter-api');
    for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) {
      events.push(event);
      if (event.type === 'token' && event.i === 2) {
        const cancel = await app.request('/v1/tasks/to-cancel/cancel', { method: 'POST' });
        expect(cancel.status).toBe(202);
      }
    }
    const tokens = events.filter((event) => event.type === 'token');
    expect(tokens.length).toBeLessThanOrEqual(4);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    expect(deps.registry.size).toBe(0);
    expect(await deps.metrics.registry.getSingleMetricAsString('orch_tasks_cancelled_total')).toMatch(
      /} 1$/m,
    );
  });

  it('answers task_not_found for an unknown task id', async () => {
    const { app } = await createTestApp([mockPool('m', [{}])]);
    const response = await app.request('/v1/tasks/nope/cancel', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('task_not_found');
  });

  it('cancels the adapter task when the client goes away, and the in-flight gauge returns to zero', async () => {
    const { post, deps } = await createTestApp([mockPool('m', [{ tokens_per_second: 100 }])]);
    const response = await post({ model: 'm', prompt: 'x', max_tokens: 1000 });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    const replica = deps.pools[0]?.replicas[0];
    expect(replica?.inFlight).toBe(0);
    expect(deps.registry.size).toBe(0);
    expect(await deps.metrics.registry.getSingleMetricAsString('orch_tasks_in_flight')).toMatch(/} 0$/m);
  });
});

describe('GET /v1/replicas, /healthz, /readyz (ORCH-API-004)', () => {
  it('lists pools and replicas with engine, version, health and in-flight count', async () => {
    const { app } = await createTestApp([mockPool('m', [{}, { fault: { mode: 'down' } }])]);
    const body = (await (await app.request('/v1/replicas')).json()) as {
      pools: {
        id: string;
        replicas: { id: string; engine_version: string; health: string; in_flight: number }[];
      }[];
    };
    expect(body.pools[0]?.replicas).toEqual([
      expect.objectContaining({
        id: 'm-0',
        engine: 'mock',
        engine_version: '0.1.0',
        health: 'ready',
        in_flight: 0,
      }),
      expect.objectContaining({ id: 'm-1', health: 'down' }),
    ]);
  });

  it('is alive always and ready only with a ready replica', async () => {
    const up = await createTestApp([mockPool('m', [{}])]);
    expect((await up.app.request('/healthz')).status).toBe(200);
    expect((await up.app.request('/readyz')).status).toBe(200);
    const down = await createTestApp([mockPool('m', [{ fault: { mode: 'down' } }])]);
    expect((await down.app.request('/healthz')).status).toBe(200);
    expect((await down.app.request('/readyz')).status).toBe(503);
  });
});

describe('token numbering (ORCH-EVT-003)', () => {
  it('numbers token events 0, 1, 2… itself, whatever indices the adapter used', async () => {
    const { post, deps } = await createTestApp([mockPool('m', [{}])]);
    const replica = deps.pools[0]?.replicas[0];
    if (replica === undefined) throw new Error('no replica');
    const submit = replica.adapter.submit.bind(replica.adapter);
    replica.adapter.submit = (task, options) =>
      taskStreamFromEvents(
        (async function* skewed(): AsyncGenerator<StreamEvent> {
          for await (const event of submit(task, options)) {
            yield event.type === 'token' ? { ...event, i: event.i * 3 + 5 } : event;
          }
        })(),
      );
    const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 4 }));
    expect(
      events.filter((event) => event.type === 'token').map((event) => (event as { i: number }).i),
    ).toEqual([0, 1, 2, 3]);
  });
});

describe('structured logs (ORCH-LOG-001)', () => {
  it('writes one JSON object per line, with the task id on every line about the task', async () => {
    const { post, logLines } = await createTestApp([mockPool('m', [{}])]);
    await readEvents(await post({ model: 'm', prompt: 'x', task_id: 'log-me', max_tokens: 2 }));
    const records = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const aboutTask = records.filter((record) => String(record.msg).startsWith('task'));
    expect(aboutTask.map((record) => record.msg)).toEqual(['task admitted', 'task started', 'task ended']);
    for (const record of aboutTask) expect(record.task_id).toBe('log-me');
  });
});
