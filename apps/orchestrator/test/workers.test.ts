import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findFreePort } from '@orch/engine-supervisor';
import { type RedisServerFixture, startRedisServer } from '@orch/engine-testkit';
import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { watchPeak, writeClusterConfig } from './cluster-fixtures.js';
import { type ManagedReplicaView, writeManagedClusterConfig } from './managed-cluster-fixtures.js';
import { findProcessGroups, waitFor } from './process-groups.js';
import { runCli, type SpawnedOrchestrator, spawnOrchestrator } from './spawn-orchestrator.js';
import { agentOnWorker, send, workerOf } from './worker-requests.js';

// The real CLI with `server.workers: 2`: a node:cluster primary and two worker processes sharing one port, in
// front of a fake vLLM engine of this process (whose concurrent generations the tests watch).
const run = promisify(execFile);
const FETCH_PROMTOOL = fileURLToPath(new URL('../scripts/fetch-promtool.sh', import.meta.url));

let engine: FakeEngine | undefined;
let orchestrator: SpawnedOrchestrator | undefined;
let redis: RedisServerFixture | undefined;

afterEach(async () => {
  const child = orchestrator?.child;
  if (child !== undefined && child.exitCode === null && child.signalCode === null) await orchestrator?.stop();
  orchestrator = undefined;
  await engine?.close();
  engine = undefined;
});

afterAll(async () => {
  await redis?.stop();
});

interface LogRecord {
  msg: string;
  worker?: number;
  task_id?: string;
  to?: string;
  [field: string]: unknown;
}

const records = (): LogRecord[] =>
  (orchestrator?.logLines ?? []).map((line) => JSON.parse(line) as LogRecord);

/** The worker (1 or 2) whose log says it started `taskId`. */
const workerRunning = (taskId: string) =>
  records().find((record) => record.msg === 'task started' && record.task_id === taskId)?.worker;

/** The workers that started at least one task. */
const workersThatStartedTasks = () =>
  new Set(records().flatMap((record) => (record.msg === 'task started' ? [record.worker] : [])));

async function startWorkers(options: Partial<Parameters<typeof writeClusterConfig>[0]> = {}) {
  const config = writeClusterConfig({
    instanceId: 'host',
    engineUrl: (engine as FakeEngine).url,
    ...options,
    extraServer: `, workers: 2${options.extraServer ?? ''}`,
  });
  orchestrator = await spawnOrchestrator(['--config', config], { readyMessage: 'workers listening' });
  // Both workers see the replica ready before the test starts.
  await waitFor(
    () =>
      new Set(
        records().flatMap((record) =>
          record.msg === 'replica health changed' && record.to === 'ready' ? [record.worker] : [],
        ),
      ).size === 2,
    15_000,
    'both workers to see the replica ready',
  );
  return orchestrator;
}

/** The live workers as the primary lists them. */
async function instances(url: string): Promise<{ instance_id: string; pid: number; url?: string }[]> {
  const view = JSON.parse((await send(url, '/v1/replicas')).body) as {
    cluster: { instances: { instance_id: string; pid: number; url?: string }[] };
  };
  return view.cluster.instances;
}

const task = (body: Record<string, unknown> = {}) => ({ model: 'p', prompt: 'go', max_tokens: 12, ...body });

/** Starts one task per id (each on a connection of its own) and resolves once every one runs on a worker. */
async function startStreams(url: string, taskIds: readonly string[], maxTokens: number) {
  const streams = taskIds.map((taskId) =>
    send(url, '/v1/tasks', { body: task({ max_tokens: maxTokens, task_id: taskId }) }),
  );
  await waitFor(
    () => taskIds.every((taskId) => workerRunning(taskId) !== undefined),
    10_000,
    'every task to start',
  );
  return streams;
}

/**
 * Sends 6 tasks at once on connections of their own (so to both workers) to a replica with `max_concurrency: 2`:
 * the engine never runs more than 2, all 6 end well, 4 of them queued first, and both workers ran some.
 */
async function expectSixTasksThroughTwoSlots(url: string): Promise<void> {
  const all = Promise.all(Array.from({ length: 6 }, () => send(url, '/v1/tasks', { body: task() })));
  const peak = await watchPeak(engine as FakeEngine, all);
  const results = await all;
  expect(peak).toBe(2);
  for (const result of results) {
    expect(result.status).toBe(200);
    expect(result.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
  }
  expect(results.filter((result) => result.body.includes(': queued')).length).toBe(4);
  expect(workersThatStartedTasks()).toEqual(new Set([1, 2]));
}

describe('server.workers: 2 without Redis: the workers of one host share their state through the primary (ORCH-CLU-080, ORCH-CLU-081)', () => {
  it('holds max_concurrency across the workers: 6 tasks, never more than 2 at the engine, all end well, 4 queued first', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 40, eosAfterTokens: 0 });
    const { url } = await startWorkers({ maxConcurrency: 2 });
    await expectSixTasksThroughTwoSlots(url);
  }, 60_000);

  it('cancels through one worker a task streaming on the other, with a terminal event', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const { url } = await startWorkers();
    let firstBytes = false;
    const streaming = send(url, '/v1/tasks', {
      body: task({ max_tokens: 2000, task_id: 'across-1' }),
      onFirstBytes: () => {
        firstBytes = true;
      },
    });
    await waitFor(() => firstBytes && workerRunning('across-1') !== undefined, 10_000, 'the task to stream');
    const runner = `-w${workerRunning('across-1')}`;
    const other = await agentOnWorker(url, (id) => !id.endsWith(runner));
    const cancel = await send(url, '/v1/tasks/across-1/cancel', { method: 'POST', agent: other });
    expect(cancel.status).toBe(202);
    const result = await streaming;
    expect(result.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'cancelled' } });
    // The log comes through a pipe, the stream through a socket: the log line may arrive a little later.
    await waitFor(
      () =>
        records().some(
          (record) =>
            record.msg === 'task cancel requested through another worker' &&
            record.worker === workerRunning('across-1'),
        ),
      5_000,
      'the worker running the task to log the relayed cancel',
    );
    const unknown = await send(url, '/v1/tasks/nobody-runs-this/cancel', { method: 'POST', agent: other });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('task_not_found');
    other.destroy();
  }, 60_000);

  it('refuses with 409 duplicate_task_id on one worker the id the same key streams on the other; another key may use it, and the id is free again once the first task ended (ORCH-CLU-025, ORCH-SEC-004)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 40, eosAfterTokens: 0 });
    const keyA = 'workers-key-a-0123456789abcdef';
    const keyB = 'workers-key-b-0123456789abcdef';
    const asA = { authorization: `Bearer ${keyA}` };
    const asB = { authorization: `Bearer ${keyB}` };
    const { url } = await startWorkers({
      maxConcurrency: 4,
      extraServer: `, auth: { api_keys: ['${keyA}', '${keyB}'] }`,
    });
    const onFirst = await agentOnWorker(url, (id) => id.endsWith('-w1'), asA);
    const onSecond = await agentOnWorker(url, (id) => id.endsWith('-w2'), asA);
    const body = task({ task_id: 'twice' });
    let firstBytes = false;
    const first = send(url, '/v1/tasks', {
      agent: onFirst,
      headers: asA,
      body: { ...body, max_tokens: 40 },
      onFirstBytes: () => {
        firstBytes = true;
      },
    });
    await waitFor(() => firstBytes && workerRunning('twice') === 1, 10_000, 'the task to stream on worker 1');
    /** The same short task on the second worker, as `headers`' key. */
    const sendOnSecond = (headers: Record<string, string>) =>
      send(url, '/v1/tasks', { agent: onSecond, headers, body: { ...body, max_tokens: 4 } });
    const second = await sendOnSecond(asA);
    expect(second.status).toBe(409);
    expect((JSON.parse(second.body) as { error: { code: string } }).error.code).toBe('duplicate_task_id');
    // The refused task never reached the engine (its stream would have been the first's, seed and all).
    expect(engine.stats.generations).toBe(1);
    // Its end left the first worker's record alone: the id is still refused.
    const refusedAgain = await sendOnSecond(asA);
    expect(refusedAgain.status).toBe(409);
    const otherKey = await sendOnSecond(asB);
    expect(otherKey.status).toBe(200);
    expect(otherKey.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    const firstResult = await first;
    expect(firstResult.status).toBe(200);
    expect(firstResult.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    const again = await sendOnSecond(asA);
    expect(again.status).toBe(200);
    expect(again.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    for (const agent of [onFirst, onSecond]) agent.destroy();
  }, 60_000);

  it('replaces a worker killed with SIGKILL, and the slot it held is free at once', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const { url } = await startWorkers({ maxConcurrency: 1 });
    const holder = send(url, '/v1/tasks', { body: task({ max_tokens: 2000, task_id: 'holder' }) }).catch(
      () => undefined,
    );
    await waitFor(() => workerRunning('holder') !== undefined, 10_000, 'the holder to start');
    const victim = (await instances(url)).find((entry) =>
      entry.instance_id.endsWith(`-w${workerRunning('holder')}`),
    );
    expect(victim).toBeDefined();
    process.kill(victim?.pid as number, 'SIGKILL');
    // A connection the primary hands to a worker in the instant it dies is lost (node:cluster): send once the
    // primary has seen the exit, which is also when the worker's slot is given back.
    await waitFor(
      () =>
        records().some(
          (record) => record.msg === 'worker exited: restarting it' && record.signal === 'SIGKILL',
        ),
      10_000,
      'the primary to see the worker exit',
    );
    const after = await send(url, '/v1/tasks', { body: task({ max_tokens: 4 }) });
    expect(after.events[0]).toMatchObject({ event: 'started', data: { queue_position: 0 } });
    expect(after.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    await holder;
    await waitFor(
      async () => {
        const live = await instances(url);
        return (
          live.length === 2 && live.every((entry) => entry.pid !== victim?.pid && entry.url !== undefined)
        );
      },
      20_000,
      'the primary to replace the killed worker',
    );
    expect(
      records().some(
        (record) => record.msg === 'worker exited: restarting it' && record.signal === 'SIGKILL',
      ),
    ).toBe(true);
  }, 60_000);

  it('holds max_streams_per_client across the workers', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const { url } = await startWorkers({ extraServer: ', max_streams_per_client: 2' });
    const first = await agentOnWorker(url, (id) => id.endsWith('-w1'));
    const second = await agentOnWorker(url, (id) => id.endsWith('-w2'));
    const third = await agentOnWorker(url, (id) => id.endsWith('-w1'));
    const streams = [first, second].map((agent, index) =>
      send(url, '/v1/tasks', { agent, body: task({ max_tokens: 30, task_id: `open-${index}` }) }),
    );
    await waitFor(
      () => workerRunning('open-0') !== undefined && workerRunning('open-1') !== undefined,
      10_000,
      'both streams to start',
    );
    // Worker 1 holds one stream of the client: only the count of both workers refuses a third one there.
    const refused = await send(url, '/v1/tasks', { agent: third, body: task({ max_tokens: 2 }) });
    expect(refused.status).toBe(429);
    expect(refused.body).toContain('too_many_streams');
    for (const result of await Promise.all(streams)) expect(result.events.at(-1)?.event).toBe('end');
    const later = await send(url, '/v1/tasks', { agent: third, body: task({ max_tokens: 2 }) });
    expect(later.status).toBe(200);
    for (const agent of [first, second, third]) agent.destroy();
  }, 60_000);

  it('holds per-key request rate limits across the workers', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 500, eosAfterTokens: 0 });
    const key = 'workers-key-0123456789abcdef';
    const headers = { authorization: `Bearer ${key}` };
    const { url } = await startWorkers({
      extraServer: `, auth: { api_keys: ['${key}'] }, rate_limits: { requests_per_minute: 3 }`,
    });
    const agents = [
      await agentOnWorker(url, (id) => id.endsWith('-w1'), headers),
      await agentOnWorker(url, (id) => id.endsWith('-w2'), headers),
    ];
    const statuses: number[] = [];
    for (let request = 0; request < 6; request += 1) {
      const result = await send(url, '/v1/tasks', {
        agent: agents[request % 2],
        headers,
        body: task({ max_tokens: 2 }),
      });
      statuses.push(result.status);
      if (result.status === 429) expect(result.body).toContain('rate_limited');
    }
    // Each worker alone would have let its 3 requests through.
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    for (const agent of agents) agent.destroy();
  }, 60_000);

  it('shares a breaker that opened in one worker with the other', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 200, eosAfterTokens: 0 });
    const { url } = await startWorkers({ breaker: '{ volume_threshold: 2, reset_timeout_ms: 60000 }' });
    const first = await agentOnWorker(url, (id) => id.endsWith('-w1'));
    const second = await agentOnWorker(url, (id) => id.endsWith('-w2'));
    const breakerSeenBy = async (agent: typeof first) =>
      (
        JSON.parse((await send(url, '/v1/replicas', { agent })).body) as {
          pools: { replicas: { breaker: string }[] }[];
        }
      ).pools[0]?.replicas[0]?.breaker;
    await engine.setFaults({ httpStatus: 500 });
    for (let attempt = 0; attempt < 3; attempt += 1)
      await send(url, '/v1/tasks', { agent: first, body: task({ max_tokens: 4 }) });
    expect(await breakerSeenBy(first)).toBe('open');
    await waitFor(
      async () => (await breakerSeenBy(second)) === 'open',
      3_000,
      'worker 2 to learn the open breaker',
    );
    for (const agent of [first, second]) agent.destroy();
  }, 60_000);

  it('answers /metrics on any worker with the sum of all workers, as valid Prometheus text (ORCH-CLU-082)', async () => {
    const fetched = run('bash', [FETCH_PROMTOOL], { maxBuffer: 16 * 1024 * 1024 });
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 500, eosAfterTokens: 0 });
    const { url } = await startWorkers({ maxConcurrency: 4 });
    // Connections are handed out in turn, but under load one worker may accept them all: pin 3 tasks to each.
    const agents = [
      await agentOnWorker(url, (id) => id.endsWith('-w1')),
      await agentOnWorker(url, (id) => id.endsWith('-w2')),
    ];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        send(url, '/v1/tasks', { agent: agents[index % 2], body: task({ max_tokens: 3 }) }),
      ),
    );
    for (const agent of agents) agent?.destroy();
    for (const result of results) expect(result.events.at(-1)?.event).toBe('end');
    expect(workersThatStartedTasks()).toEqual(new Set([1, 2]));
    const sumOf = (scrape: string, family: string) =>
      scrape
        .split('\n')
        .filter((line) => line.startsWith(`${family}{`) || line.startsWith(`${family} `))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    for (const wanted of ['-w1', '-w2']) {
      const agent = await agentOnWorker(url, (id) => id.endsWith(wanted));
      expect(await workerOf(url, agent)).toMatch(new RegExp(`${wanted}$`));
      const scrape = (await send(url, '/metrics', { agent })).body;
      expect(sumOf(scrape, 'orch_tasks_finished_total')).toBe(6);
      expect(sumOf(scrape, 'orch_time_to_first_token_seconds_count')).toBe(6);
      // A state gauge is not summed: the replica is ready (1), not "2".
      expect(scrape).toMatch(/^orch_replica_ready\{[^}]*replica_id="r0"[^}]*\} 1$/m);
      agent.destroy();
      const promtool = (await fetched).stdout.trim();
      const check = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = execFile(promtool, ['check', 'metrics'], (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : (error.code as number), output: stdout + stderr }),
        );
        child.stdin?.end(scrape);
      });
      expect(check.output).toBe('');
      expect(check.code).toBe(0);
    }
  }, 300_000);

  it('drains every worker on SIGTERM: running streams end well, then the primary exits 0 (ORCH-CLI-010)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const spawned = await startWorkers({ shutdownGraceMs: 8_000 });
    const streams = await startStreams(spawned.url, ['drain-0', 'drain-1'], 20);
    const code = await spawned.stop();
    for (const result of await Promise.all(streams))
      expect(result.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    expect(code).toBe(0);
    const draining = records().filter((record) => record.msg === 'shutdown signal: draining');
    expect(new Set(draining.map((record) => record.worker))).toEqual(new Set([1, 2]));
    expect(draining.length).toBe(2);
    expect(records().at(-1)?.msg).toBe('all workers stopped');
  }, 60_000);
});

describe('server.workers: 2, starting and stopping (ORCH-CLU-080)', () => {
  it('ends the start with exit 1 when the workers cannot listen', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    const config = writeClusterConfig({
      instanceId: 'host',
      engineUrl: engine.url,
      extraServer: ', workers: 2',
    });
    const result = await runCli(['serve', '--config', config, '--port', String(port)]);
    busy.close();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('worker failed to start: stopping the others');
    expect(result.stderr).toContain('cannot listen');
  }, 60_000);

  it('ends the running streams of every worker with shutting_down on the third SIGTERM (ORCH-CLI-010)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const spawned = await startWorkers({ shutdownGraceMs: 30_000 });
    const streams = await startStreams(spawned.url, ['long-0', 'long-1'], 2000);
    const exited = new Promise<number | null>((resolve) => spawned.child.once('exit', resolve));
    for (let signal = 0; signal < 3; signal += 1) {
      spawned.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const result of await Promise.all(streams))
      expect(result.events.at(-1)).toMatchObject({ event: 'error', data: { code: 'shutting_down' } });
    expect(await exited).toBe(0);
    const cut = records().filter(
      (record) => record.msg === 'shutdown signal repeated: ending the running streams now',
    );
    expect(new Set(cut.map((record) => record.worker))).toEqual(new Set([1, 2]));
  }, 60_000);
});

describe('server.workers: 2 with Redis: each worker is a fleet instance (ORCH-CLU-083)', () => {
  it('holds max_concurrency across the workers through Redis, and the workers are instances <id>-w1 and <id>-w2', async () => {
    redis ??= await startRedisServer();
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 40, eosAfterTokens: 0 });
    const { url } = await startWorkers({ redisUrl: redis.url, instanceId: 'gw', maxConcurrency: 2 });
    const ids = async () => (await instances(url)).map((entry) => entry.instance_id).join(' ');
    await waitFor(
      async () => (await ids()) === 'gw-w1 gw-w2',
      10_000,
      'both workers to join the fleet as gw-w1, gw-w2',
    );
    await expectSixTasksThroughTwoSlots(url);
    const now = Number((await redis.client.time())[0]) * 1000;
    expect(await redis.client.zcount('orch:pool:p:leases:r0', now, '+inf')).toBe(0);
  }, 120_000);

  it('launches a managed engine once for both workers: the launch lease picks one, the other serves through it (ORCH-CLU-084, ORCH-CLU-070)', async () => {
    redis ??= await startRedisServer();
    await redis.client.flushall();
    const marker = `workers-engine-${randomUUID().slice(0, 8)}`;
    const port = await findFreePort('127.0.0.1');
    const config = writeManagedClusterConfig({
      redisUrl: redis.url,
      instanceId: 'gw',
      port,
      marker,
      extraServer: ', workers: 2',
    });
    orchestrator = await spawnOrchestrator(['--config', config], { readyMessage: 'workers listening' });
    const { url } = orchestrator;
    const views: ManagedReplicaView[] = [];
    for (const wanted of ['-w1', '-w2']) {
      const agent = await agentOnWorker(url, (id) => id.endsWith(wanted));
      const read = async () =>
        (
          JSON.parse((await send(url, '/v1/replicas?internal=1', { agent })).body) as {
            pools: { replicas: ManagedReplicaView[] }[];
          }
        ).pools[0]?.replicas[0] as ManagedReplicaView;
      await waitFor(
        async () => {
          const view = await read();
          return view.engine_process.status === 'ready' && view.health === 'ready';
        },
        30_000,
        `worker ${wanted} to serve through the managed engine`,
      );
      views.push(await read());
      const result = await send(url, '/v1/tasks', { agent, body: task({ max_tokens: 5 }) });
      expect(result.events.at(-1)?.event).toBe('end');
      agent.destroy();
    }
    expect(findProcessGroups(marker)).toHaveLength(1);
    const [first, second] = views as [ManagedReplicaView, ManagedReplicaView];
    expect(['gw-w1', 'gw-w2']).toContain(first.engine_process.holder);
    expect(second.engine_process.holder).toBe(first.engine_process.holder);
    expect(second.engine_process.pid).toBe(first.engine_process.pid);
    expect([first.engine_process.reused, second.engine_process.reused].sort()).toEqual([false, true]);
    expect(await orchestrator.stop()).toBe(0);
    await waitFor(() => findProcessGroups(marker).length === 0, 10_000, 'the engine to stop with its worker');
  }, 120_000);
});
