import { checkEventSequence, readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, mockPool, readEvents } from './test-app.js';

describe('admission queue over HTTP (ORCH-RES-010)', () => {
  it('queues a task when every slot is busy, sends keep-alives, then streams it with its queue position', async () => {
    const { post } = await createTestApp([
      {
        ...mockPool('m', [{ tokens_per_second: 200, slots: 1 }]),
        queue: { max_waiting: 4 },
      },
    ]);
    const first = await post({ model: 'm', prompt: 'x', max_tokens: 20 });
    const second = await post({ model: 'm', prompt: 'x', max_tokens: 2 });
    expect(second.status).toBe(200);
    const [firstEvents, raw] = await Promise.all([readEvents(first), new Response(second.body).text()]);
    expect(firstEvents.at(-1)).toMatchObject({ type: 'end' });
    expect(raw.startsWith(': queued position=1')).toBe(true);
    const events: StreamEvent[] = [];
    for await (const event of readTaskStream(new Response(raw).body as ReadableStream<Uint8Array>))
      events.push(event);
    expect(checkEventSequence(events)).toEqual([]);
    expect(events[0]).toMatchObject({ type: 'started', queue_position: 1 });
    expect((events[0] as { queued_ms: number }).queued_ms).toBeGreaterThan(0);
  });

  it('answers 429 queue_full with Retry-After before any streaming when the queue is full', async () => {
    const { post, deps } = await createTestApp([
      { ...mockPool('m', [{ tokens_per_second: 100, slots: 1 }]), queue: { max_waiting: 1 } },
    ]);
    const running = await post({ model: 'm', prompt: 'x', max_tokens: 50 });
    const waiting = await post({ model: 'm', prompt: 'x', max_tokens: 5 });
    const refused = await post({ model: 'm', prompt: 'x', max_tokens: 5 });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const envelope = (await refused.json()) as {
      error: { code: string; retriable: boolean; retry_after_ms: number };
    };
    expect(envelope.error).toMatchObject({ code: 'queue_full', retriable: true });
    await running.body?.cancel();
    await waiting.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deps.pools[0]?.queue.waiting).toBe(0);
    expect(deps.pools[0]?.queue.running).toBe(0);
  });

  it('drops a queued task at once when its client goes away', async () => {
    const { post, deps } = await createTestApp([
      { ...mockPool('m', [{ tokens_per_second: 50, slots: 1 }]), queue: { max_waiting: 4 } },
    ]);
    const running = await post({ model: 'm', prompt: 'x', max_tokens: 100 });
    const queued = await post({ model: 'm', prompt: 'x', max_tokens: 5 });
    expect(deps.pools[0]?.queue.waiting).toBe(1);
    await queued.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(deps.pools[0]?.queue.waiting).toBe(0);
    await running.body?.cancel();
  });

  it('fails a task that waits longer than the queue timeout with a lone queue_timeout error', async () => {
    const { post } = await createTestApp([
      { ...mockPool('m', [{ tokens_per_second: 20, slots: 1 }]), queue: { max_waiting: 4, timeout_ms: 50 } },
    ]);
    const running = await post({ model: 'm', prompt: 'x', max_tokens: 100 });
    const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 5 }));
    expect(events).toEqual([
      expect.objectContaining({ type: 'error', code: 'queue_timeout', retriable: true }),
    ]);
    await running.body?.cancel();
  });
});

describe('context-size admission (ORCH-RES-011)', () => {
  it('refuses a task whose estimated tokens fit no replica with 400 naming the limit', async () => {
    const { post } = await createTestApp([mockPool('m', [{ context_size: 64 }])]);
    const response = await post({ model: 'm', prompt: 'x'.repeat(100), max_tokens: 50 });
    expect(response.status).toBe(400);
    const envelope = (await response.json()) as { error: { code: string; message: string } };
    expect(envelope.error.code).toBe('context_length_exceeded');
    expect(envelope.error.message).toMatch(/largest context in pool "m" is 64 tokens/);
  });
});

describe('circuit breakers (ORCH-RES-012)', () => {
  it('opens after repeated replica faults, takes the replica out of rotation and shows it', async () => {
    const { post, app, deps } = await createTestApp([
      {
        ...mockPool('m', [{ fault: { mode: 'fail_after', after_tokens: 0 } }, {}]),
        breaker: { volume_threshold: 2, error_threshold_percentage: 50, reset_timeout_ms: 60_000 },
        retry: { max_attempts: 1 },
      },
    ]);
    const broken = deps.pools[0]?.replicas[0];
    for (let task = 0; task < 20 && broken?.breaker.state !== 'open'; task += 1) {
      await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 3 }));
    }
    expect(broken?.breaker.state).toBe('open');
    for (let task = 0; task < 5; task += 1) {
      const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 3 }));
      expect(events[0]).toMatchObject({ type: 'started', replica_id: 'm-1' });
    }
    const replicas = (await (await app.request('/v1/replicas')).json()) as {
      pools: { replicas: { id: string; breaker: string }[] }[];
    };
    expect(replicas.pools[0]?.replicas[0]).toMatchObject({ id: 'm-0', breaker: 'open' });
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toContain('orch_replica_breaker_state{pool_id="m",replica_id="m-0"} 2');
  });

  it('is not tripped by client errors or cancellations', async () => {
    const { post, deps } = await createTestApp([
      {
        ...mockPool('m', [{ tokens_per_second: 100 }]),
        breaker: { volume_threshold: 1, error_threshold_percentage: 1 },
      },
    ]);
    for (let task = 0; task < 5; task += 1) {
      const response = await post({ model: 'm', prompt: 'x', max_tokens: 100 });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      await reader.cancel();
      await post({ model: 'm', prompt: 'x', max_tokens: -5 });
    }
    expect(deps.pools[0]?.replicas[0]?.breaker.state).toBe('closed');
  });

  it('half-opens after the reset timeout and closes again on a successful trial', async () => {
    const { post, deps } = await createTestApp([
      {
        ...mockPool('m', [{}]),
        breaker: { volume_threshold: 1, error_threshold_percentage: 1, reset_timeout_ms: 50 },
        retry: { max_attempts: 1 },
      },
    ]);
    const replica = deps.pools[0]?.replicas[0];
    const adapter = replica?.adapter as unknown as { setFault(fault: unknown): void };
    adapter.setFault({ mode: 'fail_after', afterTokens: 0 });
    await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 3 }));
    expect(replica?.breaker.state).toBe('open');
    expect((await post({ model: 'm', prompt: 'x' })).status).toBe(503);
    adapter.setFault({ mode: 'none' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(replica?.breaker.state).toBe('half_open');
    const events = await readEvents(await post({ model: 'm', prompt: 'x', max_tokens: 3 }));
    expect(events.at(-1)).toMatchObject({ type: 'end' });
    expect(replica?.breaker.state).toBe('closed');
  });
});

describe('breakers judge slow failures when they end (ORCH-RES-014)', () => {
  let hanging: FakeEngine | undefined;
  afterEach(async () => {
    await hanging?.close();
    hanging = undefined;
  });

  it.each([
    ['ttft_timeout', { stallBeforeHeadersMs: 600_000 }, { ttft_ms: 150 }],
    ['idle_timeout', { stallAfterTokens: 1, stallMs: 600_000 }, { idle_ms: 150 }],
  ] as const)(
    'opens the breaker of an engine that only ever hangs (%s), with the default breaker settings',
    async (code, faults, timeouts) => {
      hanging = await startFakeEngine('vllm', { model: 'hang', faults });
      const { post, deps } = await createTestApp([
        {
          id: 'p',
          model: 'p',
          engine: 'vllm',
          timeouts,
          retry: { max_attempts: 1 },
          replicas: [{ id: 'hangs', url: hanging.url, options: { served_model: 'hang' } }],
        },
      ]);
      const replica = deps.pools[0]?.replicas[0];
      const codes: string[] = [];
      for (let task = 0; task < 20 && replica?.breaker.state === 'closed'; task += 1) {
        const response = await post({ model: 'p', prompt: 'x', max_tokens: 5 });
        if (response.status !== 200)
          codes.push(((await response.json()) as { error: { code: string } }).error.code);
        else {
          const last = (await readEvents(response)).at(-1);
          codes.push(last?.type === 'error' ? last.code : String(last?.type));
        }
      }
      expect(replica?.breaker.state).toBe('open');
      // The default volume threshold: five timeouts in a row, each ending long after the attempt began.
      expect(codes).toEqual(Array(5).fill(code));
      expect((await post({ model: 'p', prompt: 'x' })).status).toBe(503);
    },
  );
});

describe('per-client stream limit (ORCH-SEC-002)', () => {
  it('refuses a stream over the limit with 429 too_many_streams', async () => {
    const { post } = await createTestApp([mockPool('m', [{ tokens_per_second: 50 }])], {
      max_streams_per_client: 1,
    });
    const first = await post({ model: 'm', prompt: 'x', max_tokens: 50 });
    const second = await post({ model: 'm', prompt: 'x', max_tokens: 5 });
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
    await first.body?.cancel();
    const third = await post({ model: 'm', prompt: 'x', max_tokens: 1 });
    expect(third.status).toBe(200);
    await readEvents(third);
  });
});

describe('API-key auth on /v1 (ORCH-SEC-001)', () => {
  it('protects /v1/* and leaves health and metrics open by default; keys never reach the logs', async () => {
    const key = 'orch-test-key-0123456789';
    const { app, post, logLines } = await createTestApp([mockPool('m', [{}])], { auth: { api_keys: [key] } });
    expect((await post({ model: 'm', prompt: 'x' })).status).toBe(401);
    const ok = await post(
      { model: 'm', prompt: 'x', max_tokens: 2 },
      { headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } },
    );
    expect(ok.status).toBe(200);
    await readEvents(ok);
    expect((await app.request('/v1/replicas')).status).toBe(401);
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/metrics')).status).toBe(200);
    expect(logLines.join('\n')).not.toContain(key);
  });
});

describe('an adapter that ignores the abort (ORCH-RES-007)', () => {
  it('is abandoned after a cancel: the stream ends, the slot and the in-flight gauge are released', async () => {
    const { post, app, deps } = await createTestApp([
      mockPool('hung', [{ fault: { mode: 'ignore_abort', after_tokens: 2 }, tokens_per_second: 200 }]),
    ]);
    const response = await post({ model: 'hung', prompt: 'x', max_tokens: 50, task_id: 'hung-task' });
    expect(response.status).toBe(200);
    const events: StreamEvent[] = [];
    for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) {
      events.push(event);
      if (event.type === 'token' && event.i === 1) {
        expect((await app.request('/v1/tasks/hung-task/cancel', { method: 'POST' })).status).toBe(202);
      }
    }
    expect(checkEventSequence(events)).toEqual([]);
    expect(events.filter((event) => event.type === 'token')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
    expect(deps.pools[0]?.replicas[0]?.inFlight).toBe(0);
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(/orch_tasks_in_flight\{[^}]*pool_id="hung"[^}]*\} 0/);
    // The replica takes the next task: the slot was released.
    const next = await readEvents(await post({ model: 'hung', prompt: 'y', max_tokens: 1 }));
    expect(next.at(-1)).toMatchObject({ type: 'end' });
  });
});
