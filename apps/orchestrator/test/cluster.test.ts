import { type FakeEngine, startFakeEngine } from '@orch/fake-engines';
import { afterEach, describe, expect, it } from 'vitest';
import { startMember, stopMembers, streamTask, watchPeak, writeClusterConfig } from './cluster-fixtures.js';
import { waitFor } from './process-groups.js';
import { useRedisServer } from './redis-server-fixture.js';
import type { SpawnedOrchestrator } from './spawn-orchestrator.js';

// Several real orchestrator processes sharing one real redis-server (Debian's, fetched into .cache).
const redisServer = useRedisServer();
let engine: FakeEngine;
let members: SpawnedOrchestrator[] = [];

afterEach(async () => {
  redisServer().thaw();
  await stopMembers(members);
  members = [];
  await engine?.close();
  await redisServer().client.flushall();
});

async function startFleet(
  count: number,
  options: Partial<Parameters<typeof writeClusterConfig>[0]> = {},
  apiKey?: string,
) {
  const started = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      startMember(
        writeClusterConfig({
          redisUrl: redisServer().url,
          instanceId: `gw-${String.fromCharCode(97 + index)}`,
          engineUrl: engine.url,
          ...options,
        }),
      ),
    ),
  );
  members.push(...started);
  // Every member sees the others before the test starts.
  await waitFor(
    async () => {
      const headers: Record<string, string> =
        apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
      const view = (await (await fetch(`${started[0]?.url}/v1/replicas`, { headers })).json()) as {
        cluster?: { instances: unknown[] };
      };
      return (view.cluster?.instances.length ?? 0) >= count;
    },
    10_000,
    'the fleet to see all its instances',
  );
  return started;
}

/** Live leases of the pool's replica in Redis (expired ones not counted). */
async function liveLeases(): Promise<number> {
  const now = Number((await redisServer().client.time())[0]) * 1000;
  return redisServer().client.zcount('orch:pool:p:leases:r0', now, '+inf');
}

/** Live stream leases of every client in Redis (expired ones not counted). */
async function liveClientStreams(): Promise<number> {
  const now = Number((await redisServer().client.time())[0]) * 1000;
  let live = 0;
  for (const key of await redisServer().client.keys('orch:client:*:streams')) {
    live += await redisServer().client.zcount(key, now, '+inf');
  }
  return live;
}

describe('a fleet of orchestrators sharing one Redis (ORCH-CLU-001, ORCH-CLU-040)', () => {
  it('holds max_concurrency across instances: 6 tasks on 2 instances, never more than 2 at the engine, all end well, 4 queued first (ORCH-CLU-010)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 40, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2)) as [SpawnedOrchestrator, SpawnedOrchestrator];
    const all = Promise.all(
      [a, a, a, b, b, b].map((member) =>
        streamTask(member.url, { model: 'p', prompt: 'go', max_tokens: 12 }),
      ),
    );
    const peak = await watchPeak(engine, all);
    const results = await all;
    expect(peak).toBe(2);
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    }
    const queued = results.filter((result) => result.body.includes(': queued'));
    expect(queued.length).toBe(4);
    expect(await liveLeases()).toBe(0);
  }, 60_000);

  it('gives a freed slot to the oldest interactive task of any instance before any batch task (ORCH-CLU-011)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 50, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2, { maxConcurrency: 1 })) as [SpawnedOrchestrator, SpawnedOrchestrator];
    const order: string[] = [];
    const run = (member: SpawnedOrchestrator, name: string, priority: string, maxTokens = 8) =>
      streamTask(
        member.url,
        { model: 'p', prompt: name, max_tokens: maxTokens, priority },
        {},
        () => {},
      ).then((result) => {
        order.push(name);
        return result;
      });
    const holder = run(a, 'holder', 'interactive', 50);
    await waitFor(() => engine.stats.activeGenerations === 1, 10_000, 'the first task to run');
    const batch = run(a, 'batch-a', 'batch');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const interactive = run(b, 'interactive-b', 'interactive');
    await Promise.all([holder, batch, interactive]);
    expect(order, JSON.stringify(order)).toEqual(['holder', 'interactive-b', 'batch-a']);
  }, 60_000);

  it('cancels on instance B a task streaming on instance A within 1 s, with a terminal event (ORCH-CLU-020)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2)) as [SpawnedOrchestrator, SpawnedOrchestrator];
    let firstBytes = 0;
    const streaming = streamTask(
      a.url,
      { model: 'p', prompt: 'x', max_tokens: 2000, task_id: 'far-away-1' },
      {},
      () => {
        firstBytes = Date.now();
      },
    );
    await waitFor(() => firstBytes > 0, 10_000, 'the task to stream on A');
    const sentAt = Date.now();
    const cancel = await fetch(`${b.url}/v1/tasks/far-away-1/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    const result = await streaming;
    // Within 1 s (the marker poll is 100 ms here); the bound has margin for a loaded machine.
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(result.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'cancelled' } });
    const unknown = await fetch(`${b.url}/v1/tasks/nobody-runs-this/cancel`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('task_not_found');
  }, 60_000);

  it("refuses a cancel through another instance from another key with 404, and the owner's stream ends normally (ORCH-SEC-004, ORCH-CLU-020)", async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 200, eosAfterTokens: 40 });
    const keyA = 'key-a-0123456789abcdef';
    const keyB = 'key-b-0123456789abcdef';
    const [a, b] = (await startFleet(
      2,
      {
        extraServer: `, auth: { api_keys: ['${keyA}', '${keyB}'] }`,
      },
      keyA,
    )) as [SpawnedOrchestrator, SpawnedOrchestrator];
    let firstBytes = 0;
    const streaming = streamTask(
      a.url,
      { model: 'p', prompt: 'x', max_tokens: 40, task_id: 'owned-by-a' },
      { authorization: `Bearer ${keyA}` },
      () => {
        firstBytes = Date.now();
      },
    );
    await waitFor(() => firstBytes > 0, 10_000, 'the task to stream on A');
    const foreign = await fetch(`${b.url}/v1/tasks/owned-by-a/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keyB}` },
    });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('task_not_found');
    const result = await streaming;
    expect(result.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
  }, 60_000);

  it("refuses with 409 duplicate_task_id on B the id the same key streams on A; another key may use it, and the id is free again once A's task ended (ORCH-CLU-025, ORCH-SEC-004)", async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 40, eosAfterTokens: 0 });
    const keyA = 'key-a-0123456789abcdef';
    const keyB = 'key-b-0123456789abcdef';
    const asA = { authorization: `Bearer ${keyA}` };
    const asB = { authorization: `Bearer ${keyB}` };
    const [a, b] = (await startFleet(
      2,
      { maxConcurrency: 4, extraServer: `, auth: { api_keys: ['${keyA}', '${keyB}'] }` },
      keyA,
    )) as [SpawnedOrchestrator, SpawnedOrchestrator];
    const body = { model: 'p', prompt: 'x', task_id: 'twice' };
    let firstBytes = false;
    const first = streamTask(a.url, { ...body, max_tokens: 40 }, asA, () => {
      firstBytes = true;
    });
    await waitFor(() => firstBytes, 10_000, 'the task to stream on A');
    const second = await streamTask(b.url, { ...body, max_tokens: 4 }, asA);
    expect(second.status).toBe(409);
    expect((JSON.parse(second.body) as { error: { code: string } }).error.code).toBe('duplicate_task_id');
    // The refused task never reached the engine (its stream would have been the first's, seed and all).
    expect(engine.stats.generations).toBe(1);
    // Its end left A's record alone: the id is still refused.
    expect((await streamTask(b.url, { ...body, max_tokens: 4 }, asA)).status).toBe(409);
    const otherKey = await streamTask(b.url, { ...body, max_tokens: 4 }, asB);
    expect(otherKey.status).toBe(200);
    expect(otherKey.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    const firstResult = await first;
    expect(firstResult.status).toBe(200);
    expect(firstResult.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    const again = await streamTask(b.url, { ...body, max_tokens: 4 }, asA);
    expect(again.status).toBe(200);
    expect(again.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    expect(await redisServer().client.keys('orch:task:*')).toEqual([]);
  }, 60_000);

  it('frees the task ids of an instance killed with SIGKILL within the lease expiry (ORCH-CLU-025)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2, { leaseMs: 1500 })) as [SpawnedOrchestrator, SpawnedOrchestrator];
    const body = { model: 'p', prompt: 'x', task_id: 'orphan' };
    let firstBytes = false;
    const orphan = streamTask(a.url, { ...body, max_tokens: 2000 }, {}, () => {
      firstBytes = true;
    }).catch(() => undefined);
    await waitFor(() => firstBytes, 10_000, 'the task to stream on A');
    expect((await streamTask(b.url, { ...body, max_tokens: 2 })).status).toBe(409);
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    let after = await streamTask(b.url, { ...body, max_tokens: 2 });
    while (after.status === 409 && Date.now() - killedAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await streamTask(b.url, { ...body, max_tokens: 2 });
    }
    expect(after.status).toBe(200);
    expect(after.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    // The lease is 1.5 s; the rest is margin for a loaded machine.
    expect(Date.now() - killedAt).toBeLessThan(6_000);
    await orphan;
  }, 60_000);

  it('gives the slots of an instance killed with SIGKILL back within the lease expiry (ORCH-CLU-012)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2, { leaseMs: 1500 })) as [SpawnedOrchestrator, SpawnedOrchestrator];
    const holders = [0, 1].map(() =>
      streamTask(a.url, { model: 'p', prompt: 'hold', max_tokens: 2000 }).catch(() => undefined),
    );
    await waitFor(async () => (await liveLeases()) === 2, 10_000, 'A to hold both slots');
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    const result = await streamTask(b.url, { model: 'p', prompt: 'after', max_tokens: 4 });
    expect(result.events.at(-1)).toMatchObject({ event: 'end', data: { finish_reason: 'length' } });
    // The lease is 1.5 s; B polls every 100 ms; the rest is margin for a loaded machine.
    expect(Date.now() - killedAt).toBeLessThan(6_000);
    await Promise.all(holders);
  }, 60_000);

  it('shares a breaker that opened on A with B within a second (ORCH-CLU-030)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 200, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2, { breaker: '{ volume_threshold: 2, reset_timeout_ms: 60000 }' })) as [
      SpawnedOrchestrator,
      SpawnedOrchestrator,
    ];
    await engine.setFaults({ httpStatus: 500 });
    for (let attempt = 0; attempt < 3; attempt += 1)
      await streamTask(a.url, { model: 'p', prompt: 'fail', max_tokens: 4 });
    const breakerOf = async (member: SpawnedOrchestrator) => {
      const view = (await (await fetch(`${member.url}/v1/replicas`)).json()) as {
        pools: { replicas: { breaker: string }[] }[];
      };
      return view.pools[0]?.replicas[0]?.breaker;
    };
    expect(await breakerOf(a)).toBe('open');
    const openedAt = Date.now();
    await waitFor(async () => (await breakerOf(b)) === 'open', 3_000, 'B to learn the open breaker');
    expect(Date.now() - openedAt).toBeLessThan(1_500);
  }, 60_000);

  it('holds per-key request limits across instances within one request (ORCH-CLU-061)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 500, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2, { extraServer: ', rate_limits: { requests_per_minute: 5 }' })) as [
      SpawnedOrchestrator,
      SpawnedOrchestrator,
    ];
    const statuses: number[] = [];
    for (let request = 0; request < 10; request += 1) {
      const member = request % 2 === 0 ? a : b;
      const result = await streamTask(member.url, { model: 'p', prompt: 'n', max_tokens: 2 });
      statuses.push(result.status);
      if (result.status === 429) expect(result.body).toContain('rate_limited');
    }
    expect(statuses.filter((status) => status === 200).length).toBe(5);
  }, 60_000);

  it('holds max_streams_per_client across instances: a third stream of one client is refused on either instance, and its stream leases are gone after the ends (ORCH-CLU-060)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 20, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2, {
      maxConcurrency: 8,
      extraServer: ', max_streams_per_client: 2',
    })) as [SpawnedOrchestrator, SpawnedOrchestrator];
    // Without auth the client is its address: 127.0.0.1 on both instances.
    let streaming = 0;
    const open = [a, b].map((member) =>
      streamTask(member.url, { model: 'p', prompt: 'long', max_tokens: 30 }, {}, () => {
        streaming += 1;
      }),
    );
    await waitFor(() => streaming === 2, 10_000, 'both streams to start');
    expect(await liveClientStreams()).toBe(2);
    for (const member of [a, b]) {
      const refused = await streamTask(member.url, { model: 'p', prompt: 'one more', max_tokens: 2 });
      expect(refused.status).toBe(429);
      expect(refused.body).toContain('too_many_streams');
    }
    for (const result of await Promise.all(open)) expect(result.events.at(-1)?.event).toBe('end');
    const later = await streamTask(b.url, { model: 'p', prompt: 'after', max_tokens: 2 });
    expect(later.status).toBe(200);
    expect(await liveClientStreams()).toBe(0);
  }, 60_000);

  it('answers every request within a bounded time with Redis frozen (SIGSTOP), and recovers after SIGCONT (ORCH-CLU-050)', async () => {
    engine = await startFakeEngine('vllm', { model: 'fake', tokensPerSecond: 500, eosAfterTokens: 0 });
    const [a, b] = (await startFleet(2)) as [SpawnedOrchestrator, SpawnedOrchestrator];
    redisServer().freeze();
    for (const [index, member] of [a, b, a, b].entries()) {
      const startedAt = Date.now();
      // A client-chosen id waits for its record's claim too, which falls back to the local check (ORCH-CLU-025).
      const body = { model: 'p', prompt: 'frozen', max_tokens: 3, task_id: `frozen-${index % 2}` };
      const result = await streamTask(member.url, body);
      expect(Date.now() - startedAt).toBeLessThan(5_000);
      expect([200, 503]).toContain(result.status);
      if (result.status === 200) expect(result.events.at(-1)?.event).toBe('end');
    }
    const cancel = await fetch(`${a.url}/v1/tasks/somewhere/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(503);
    expect(((await cancel.json()) as { error: { code: string } }).error.code).toBe('cluster_unavailable');
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toContain('orch_cluster_redis_up{instance_id="gw-a"} 0');
    redisServer().thaw();
    await waitFor(
      async () =>
        (await (await fetch(`${a.url}/metrics`)).text()).includes(
          'orch_cluster_redis_up{instance_id="gw-a"} 1',
        ),
      10_000,
      'A to find Redis again',
    );
    const after = await streamTask(b.url, { model: 'p', prompt: 'thawed', max_tokens: 3 });
    expect(after.events.at(-1)).toMatchObject({ event: 'end' });
    expect(a.logLines.some((line) => line.includes('cluster redis unreachable'))).toBe(true);
    expect(a.logLines.some((line) => line.includes('cluster redis reachable'))).toBe(true);
    await waitFor(async () => (await liveLeases()) === 0, 10_000, 'no lease left');
  }, 60_000);
});
