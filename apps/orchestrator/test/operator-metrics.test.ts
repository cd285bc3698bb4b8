import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { type FakeEngineKind, startFakeEngine } from '@orch/fake-engines';
import { describe, expect, it } from 'vitest';
import { waitFor } from './process-groups.js';
import { createTestApp, mockPool, readEvents } from './test-app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

async function scrape(test: TestApp): Promise<string> {
  return (await test.app.request('/metrics')).text();
}

/** The value of one sample line (`name{labels}`), or undefined when the series does not exist. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const M0 = 'engine="mock",engine_version="0.1.0",pool_id="m",replica_id="m-0"';

describe('client aborts are the client’s, not refusals (ORCH-API-080, ORCH-MET-012, ORCH-LOG-011)', () => {
  it('counts a client that disconnects mid-body as abandoned at request_body, not rejected internal, and logs no refusal', async () => {
    const test = await createTestApp([mockPool('m', [{}])]);
    const server = serve({ fetch: test.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      // Headers promise 1000 bytes; 20 arrive, then the connection drops.
      socket.write(
        'POST /v1/tasks HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":"m","prompt"',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      const abandoned = 'orch_tasks_abandoned_total{pool_id="",stage="request_body",code="client_closed"}';
      await waitFor(async () => sample(await scrape(test), abandoned) === 1, 5_000, 'the abandoned count');
      const text = await scrape(test);
      expect(sample(text, 'orch_tasks_rejected_total{pool_id="",code="internal"}')).toBe(0);
      const lines = test.logLines.map((line) => JSON.parse(line) as { msg: string; code?: string });
      expect(lines.filter((line) => line.msg === 'task refused before streaming')).toEqual([]);
      expect(lines).toContainEqual(
        expect.objectContaining({
          msg: 'client closed the connection while sending the request body',
          code: 'client_closed',
        }),
      );
    } finally {
      server.close();
    }
  });

  it('counts a queued task whose client left after its answer began as abandoned (waiting, client_closed), not rejected', async () => {
    const test = await createTestApp([
      { ...mockPool('m', [{ tokens_per_second: 50, slots: 1 }]), queue: { max_waiting: 4 } },
    ]);
    const running = await test.post({ model: 'm', prompt: 'x', max_tokens: 100 });
    const queued = await test.post({ model: 'm', prompt: 'x', max_tokens: 5 });
    // The queued answer has begun (status 200 and a wait notice): its stream had started.
    expect(queued.status).toBe(200);
    await queued.body?.cancel();
    await waitFor(() => test.deps.pools[0]?.queue.waiting === 0, 5_000, 'the queued task to leave');
    await running.body?.cancel();
    const text = await scrape(test);
    expect(sample(text, 'orch_tasks_abandoned_total{pool_id="m",stage="waiting",code="client_closed"}')).toBe(
      1,
    );
    expect(sample(text, 'orch_tasks_rejected_total{pool_id="m",code="cancelled"}')).toBeUndefined();
    const lines = test.logLines.map((line) => JSON.parse(line) as { msg: string; code?: string });
    expect(lines.filter((line) => line.msg === 'task failed before it started')).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'client gave up before the task started',
        code: 'client_closed',
        stage: 'waiting',
      }),
    );
  });

  it('counts a cancel call on a queued task as abandoned with code cancelled', async () => {
    const test = await createTestApp([
      { ...mockPool('m', [{ tokens_per_second: 50, slots: 1 }]), queue: { max_waiting: 4 } },
    ]);
    const running = await test.post({ model: 'm', prompt: 'x', max_tokens: 100 });
    const queued = await test.post({ model: 'm', prompt: 'x', max_tokens: 5, task_id: 'queued-1' });
    const cancel = await test.app.request('/v1/tasks/queued-1/cancel', { method: 'POST' });
    expect(cancel.status).toBe(202);
    await new Response(queued.body).text();
    await running.body?.cancel();
    const text = await scrape(test);
    expect(sample(text, 'orch_tasks_abandoned_total{pool_id="m",stage="waiting",code="cancelled"}')).toBe(1);
    expect(sample(text, 'orch_tasks_rejected_total{pool_id="m",code="cancelled"}')).toBeUndefined();
  });

  it('logs a streaming task whose client went away with code client_closed', async () => {
    const test = await createTestApp([mockPool('m', [{ tokens_per_second: 50 }])]);
    const response = await test.post({ model: 'm', prompt: 'x', max_tokens: 100 });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await waitFor(
      () => test.logLines.some((line) => line.includes('client went away; task cancelled')),
      5_000,
      'the cancel log line',
    );
    const line = test.logLines.find((candidate) => candidate.includes('client went away; task cancelled'));
    expect(JSON.parse(line as string)).toMatchObject({ code: 'client_closed' });
  });
});

describe('GET /readyz with breakers (ORCH-API-081)', () => {
  const breaker = { volume_threshold: 1, error_threshold_percentage: 1, reset_timeout_ms: 60_000 };

  async function openBreakers(test: TestApp, model: string): Promise<void> {
    const pool = test.deps.pools.find((candidate) => candidate.id === model);
    for (const replica of pool?.replicas ?? []) {
      (replica.adapter as unknown as { setFault(fault: unknown): void }).setFault({
        mode: 'fail_after',
        afterTokens: 0,
      });
    }
    for (
      let task = 0;
      task < 10 && pool?.replicas.some((replica) => replica.breaker.state !== 'open');
      task += 1
    ) {
      await readEvents(await test.post({ model, prompt: 'x', max_tokens: 3 }));
    }
    expect(pool?.replicas.map((replica) => replica.breaker.state)).toEqual(pool?.replicas.map(() => 'open'));
  }

  it('is not ready while every replica of every pool has its breaker open, and says so per pool', async () => {
    const test = await createTestApp([{ ...mockPool('m', [{}, {}]), breaker, retry: { max_attempts: 2 } }]);
    expect((await test.app.request('/readyz')).status).toBe(200);
    await openBreakers(test, 'm');
    const response = await test.app.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'not_ready',
      ready_replicas: 0,
      lazy_replicas: 0,
      open_breakers: 2,
      shutting_down: false,
      pools: [{ id: 'm', ready: false, ready_replicas: 0, lazy_replicas: 0, open_breakers: 2, replicas: 2 }],
    });
  });

  it('stays ready while another pool can serve, and shows the pool that cannot', async () => {
    const test = await createTestApp([
      { ...mockPool('m', [{}]), breaker, retry: { max_attempts: 1 } },
      mockPool('n', [{}]),
    ]);
    await openBreakers(test, 'm');
    const response = await test.app.request('/readyz');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      pools: { id: string; ready: boolean; open_breakers: number }[];
    };
    expect(body.pools).toEqual([
      expect.objectContaining({ id: 'm', ready: false, open_breakers: 1 }),
      expect.objectContaining({ id: 'n', ready: true, open_breakers: 0 }),
    ]);
  });
});

describe('operator metrics (ORCH-MET-010, ORCH-MET-011, ORCH-MET-013, ORCH-MET-014)', () => {
  it('serves the default process and Node.js metrics in the same scrape', async () => {
    const text = await scrape(await createTestApp([mockPool('m', [{}])]));
    for (const family of [
      'process_resident_memory_bytes',
      'process_open_fds',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    expect(text).not.toContain('nodejs_active_handles_total');
  });

  it('serves orch_build_info with the package version and the Node.js version', async () => {
    const text = await scrape(await createTestApp([mockPool('m', [{}])]));
    expect(text).toContain(`orch_build_info{version="0.1.0",node_version="${process.versions.node}"} 1`);
  });

  it('has every series of a configured pool and replica at 0 before the first task', async () => {
    const text = await scrape(await createTestApp([mockPool('m', [{}])]));
    for (const priority of ['interactive', 'batch']) {
      const labels = `${M0},priority="${priority}"`;
      expect(sample(text, `orch_tasks_started_total{${labels}}`)).toBe(0);
      expect(sample(text, `orch_tasks_finished_total{${labels},finish_reason="stop"}`)).toBe(0);
      expect(sample(text, `orch_tasks_failed_total{${labels},code="engine_error"}`)).toBe(0);
      expect(sample(text, `orch_tasks_cancelled_total{${labels}}`)).toBe(0);
      expect(sample(text, `orch_tokens_out_total{${labels}}`)).toBe(0);
      expect(sample(text, `orch_time_to_first_token_seconds_count{${labels}}`)).toBe(0);
      expect(sample(text, `orch_inter_token_latency_seconds_count{${labels}}`)).toBe(0);
      expect(sample(text, `orch_task_overhead_seconds_count{${labels}}`)).toBe(0);
      expect(sample(text, `orch_queue_wait_seconds_count{pool_id="m",priority="${priority}"}`)).toBe(0);
    }
    expect(sample(text, 'orch_tasks_rejected_total{pool_id="m",code="queue_full"}')).toBe(0);
    expect(sample(text, 'orch_tasks_abandoned_total{pool_id="m",stage="waiting",code="client_closed"}')).toBe(
      0,
    );
    expect(
      sample(text, 'orch_task_retries_total{pool_id="m",replica_id="m-0",code="engine_unavailable"}'),
    ).toBe(0);
    expect(sample(text, 'orch_tasks_in_flight{engine="mock",pool_id="m",replica_id="m-0"}')).toBe(0);
    expect(sample(text, 'orch_queue_depth{pool_id="m"}')).toBe(0);
    expect(sample(text, 'orch_api_requests_total{api="openai",route="chat_completions"}')).toBe(0);
  });

  it('observes one inter-token gap per token after the first, one queue wait and one overhead per task', async () => {
    const test = await createTestApp([mockPool('m', [{ tokens_per_second: 500 }])]);
    const events = await readEvents(await test.post({ model: 'm', prompt: 'x', max_tokens: 12 }));
    expect(events.filter((event) => event.type === 'token')).toHaveLength(12);
    const text = await scrape(test);
    const labels = `${M0},priority="interactive"`;
    expect(sample(text, `orch_inter_token_latency_seconds_count{${labels}}`)).toBe(11);
    // At 500 tokens/s the gaps are about 2 ms each; generous bounds, the machine may be loaded.
    const gaps = sample(text, `orch_inter_token_latency_seconds_sum{${labels}}`) as number;
    expect(gaps).toBeGreaterThan(0.005);
    expect(gaps).toBeLessThan(5);
    expect(sample(text, `orch_queue_wait_seconds_count{pool_id="m",priority="interactive"}`)).toBe(1);
    expect(sample(text, `orch_task_overhead_seconds_count{${labels}}`)).toBe(1);
    // The overhead leaves the engine's 24 ms of streaming out: it is far below the task's total time.
    const overhead = sample(text, `orch_task_overhead_seconds_sum{${labels}}`) as number;
    expect(overhead).toBeGreaterThanOrEqual(0);
    expect(overhead).toBeLessThan(gaps);
  });

  it('leaves a slow first token and the queue wait out of the overhead', async () => {
    const test = await createTestApp([
      { ...mockPool('m', [{ first_token_delay_ms: 300, slots: 1 }]), queue: { max_waiting: 4 } },
    ]);
    const first = test.post({ model: 'm', prompt: 'x', max_tokens: 2 });
    const second = test.post({ model: 'm', prompt: 'x', max_tokens: 2 });
    await Promise.all([readEvents(await first), readEvents(await second)]);
    const text = await scrape(test);
    const labels = `${M0},priority="interactive"`;
    expect(sample(text, `orch_task_overhead_seconds_count{${labels}}`)).toBe(2);
    // Each task took over 300 ms (the second over 600 ms, half of it queued); what the orchestrator added is
    // a small part of that (a generous bound for a loaded machine).
    expect(sample(text, `orch_task_overhead_seconds_sum{${labels}}`)).toBeLessThan(0.25);
    expect(sample(text, 'orch_queue_wait_seconds_count{pool_id="m",priority="interactive"}')).toBe(2);
    expect(sample(text, 'orch_queue_wait_seconds_sum{pool_id="m",priority="interactive"}')).toBeGreaterThan(
      0.2,
    );
  });
});

describe('series at 0 are the series tasks move (ORCH-MET-014)', () => {
  const ENGINES: { kind: FakeEngineKind; engine: string; model: string; options: Record<string, unknown> }[] =
    [
      { kind: 'llamacpp', engine: 'llamacpp', model: 'llama-m', options: {} },
      { kind: 'vllm', engine: 'vllm', model: 'vllm-m', options: { served_model: 'vllm-m' } },
      { kind: 'tgi', engine: 'tgi', model: 'tgi-m', options: {} },
      {
        kind: 'triton',
        engine: 'triton',
        model: 'ensemble',
        options: { triton_model: 'ensemble', trtllm_version: '0.20.0', text_mode: 'delta' },
      },
      { kind: 'ollama', engine: 'ollama', model: 'ollama-m:1b', options: { ollama_model: 'ollama-m:1b' } },
    ];

  it('labels the zeroed per-task series with the engine version a task reports, for every engine kind', async () => {
    const fakes = await Promise.all(
      ENGINES.map((entry) => startFakeEngine(entry.kind, { model: entry.model, version: `9.${entry.kind}` })),
    );
    try {
      const test = await createTestApp(
        ENGINES.map((entry, index) => ({
          id: entry.engine,
          model: `${entry.engine}-model`,
          engine: entry.engine,
          replicas: [{ id: `${entry.engine}-0`, url: fakes[index]?.url, options: entry.options }],
        })),
      );
      const started = (text: string, pool: string) =>
        text
          .split('\n')
          .filter(
            (line) => line.startsWith('orch_tasks_started_total{') && line.includes(`pool_id="${pool}"`),
          );
      const before = await scrape(test);
      for (const entry of ENGINES) {
        expect(started(before, entry.engine), entry.engine).toHaveLength(2);
        expect(started(before, entry.engine).every((line) => line.endsWith(' 0'))).toBe(true);
        const events = await readEvents(
          await test.post({ model: `${entry.engine}-model`, prompt: 'Hello', max_tokens: 4 }),
        );
        expect(events.at(-1)?.type, entry.engine).toBe('end');
      }
      const after = await scrape(test);
      for (const entry of ENGINES) {
        // No new series appeared: the task moved the interactive series made at start-up.
        const lines = started(after, entry.engine);
        expect(lines, entry.engine).toHaveLength(2);
        expect(
          lines.filter((line) => line.includes('priority="interactive"') && line.endsWith(' 1')),
        ).toHaveLength(1);
      }
    } finally {
      await Promise.all(fakes.map((fake) => fake.close()));
    }
  });
});
