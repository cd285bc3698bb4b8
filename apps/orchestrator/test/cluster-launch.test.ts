import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { findFreePort } from '@orch/engine-supervisor';
import { afterEach, describe, expect, it } from 'vitest';
import { startMember, stopMembers, streamTask } from './cluster-fixtures.js';
import { readManagedReplica, writeManagedClusterConfig } from './managed-cluster-fixtures.js';
import { findProcessGroups, waitFor } from './process-groups.js';
import { useRedisServer } from './redis-server-fixture.js';
import type { SpawnedOrchestrator } from './spawn-orchestrator.js';

// Real orchestrator processes sharing a real redis-server, each configured to launch the same fake engine process.
const redisServer = useRedisServer();
let members: SpawnedOrchestrator[] = [];
let marker = '';

afterEach(async () => {
  redisServer().thaw();
  await stopMembers(members);
  members = [];
  await waitFor(() => findProcessGroups(marker).length === 0, 10_000, 'the engines to exit');
  await redisServer().client.flushall();
});

/** Starts `count` members at the same moment, all configured to launch the engine of `p/r0` on `port`. */
async function startManagedFleet(
  count: number,
  mode: 'persistent' | 'lazy' = 'persistent',
  idleMs?: number,
  leaseMs?: number,
) {
  marker = `fleet-engine-${randomUUID().slice(0, 8)}`;
  const port = await findFreePort('127.0.0.1');
  const ids = Array.from({ length: count }, (_, index) => `gw-${String.fromCharCode(97 + index)}`);
  const started = await Promise.all(
    ids.map((instanceId) =>
      startMember(
        writeManagedClusterConfig({
          redisUrl: redisServer().url,
          instanceId,
          port,
          marker,
          mode,
          idleMs,
          leaseMs,
        }),
      ),
    ),
  );
  members.push(...started);
  return started.map((member, index) => ({ member, id: ids[index] as string }));
}

async function untilServing(url: string, check: (holder: string | undefined) => boolean = () => true) {
  await waitFor(
    async () => {
      const replica = await readManagedReplica(url);
      return (
        replica.engine_process.status === 'ready' &&
        replica.health === 'ready' &&
        check(replica.engine_process.holder)
      );
    },
    30_000,
    `the managed replica to serve through ${url}`,
  );
  return readManagedReplica(url);
}

/**
 * Two members serving one persistent engine: the one holding its launch lease, the other, and the holder's view.
 * `leaseMs`: a lease long enough that a holder starved of CPU on a loaded machine still renews in time (a lapse
 * lets the other take over and launch a second engine until the holder hears of it, ORCH-CLU-070).
 */
async function startServingPair(leaseMs?: number) {
  const [a, b] = await startManagedFleet(2, 'persistent', undefined, leaseMs);
  if (a === undefined || b === undefined) throw new Error('fleet not started');
  const view = await untilServing(a.member.url);
  await untilServing(b.member.url);
  const holder = view.engine_process.holder === a.id ? a : b;
  return { view, holder, other: holder === a ? b : a };
}

async function expectTaskEnds(url: string) {
  const task = await streamTask(url, { model: 'p', prompt: 'hello', max_tokens: 5 });
  expect(task.status).toBe(200);
  expect(task.events.at(-1)?.event).toBe('end');
}

describe('managed engines in a fleet (ORCH-CLU-070)', () => {
  it('two instances racing to launch one persistent engine start it once and both serve through it', async () => {
    const [a, b] = await startManagedFleet(2);
    if (a === undefined || b === undefined) throw new Error('fleet not started');
    const viewA = await untilServing(a.member.url);
    const viewB = await untilServing(b.member.url);
    expect(findProcessGroups(marker)).toHaveLength(1);
    // Both name the same holder and the same engine process; only the holder started it.
    expect(viewA.engine_process.holder).toBe(viewB.engine_process.holder);
    expect(viewA.engine_process.pid).toBe(viewB.engine_process.pid);
    expect(viewA.engine_process.url).toBe(viewB.engine_process.url);
    const follower = viewA.engine_process.holder === a.id ? viewB : viewA;
    expect(follower.engine_process.reused).toBe(true);
    await expectTaskEnds(a.member.url);
    await expectTaskEnds(b.member.url);
    // Still one engine after the tasks (nobody launched a second one on its way).
    expect(findProcessGroups(marker)).toHaveLength(1);
  }, 90_000);

  it('the holder killed with SIGKILL: another instance launches the engine once its lease expired', async () => {
    const fleet = await startManagedFleet(3);
    const first = await untilServing(fleet[0]?.member.url as string);
    const holder = fleet.find((entry) => entry.id === first.engine_process.holder);
    if (holder === undefined) throw new Error(`no member holds the lease: ${first.engine_process.holder}`);
    const survivors = fleet.filter((entry) => entry !== holder);
    for (const survivor of survivors) await untilServing(survivor.member.url);
    const oldPid = first.engine_process.pid;
    holder.member.child.kill('SIGKILL');
    const survivor = survivors[0];
    if (survivor === undefined) throw new Error('no survivor');
    const after = await untilServing(survivor.member.url, (next) => next !== holder.id);
    expect(after.engine_process.pid).not.toBe(oldPid);
    const newHolder = after.engine_process.holder;
    expect(survivors.map((entry) => entry.id)).toContain(newHolder);
    for (const entry of survivors) {
      const view = await untilServing(entry.member.url, (next) => next === newHolder);
      expect(view.engine_process.pid).toBe(after.engine_process.pid);
    }
    expect(findProcessGroups(marker)).toHaveLength(1);
    for (const entry of survivors) await expectTaskEnds(entry.member.url);
  }, 120_000);

  it('Redis down: the running engine keeps serving and no instance launches one until Redis answers again', async () => {
    // While Redis is frozen a holder cannot hear that its lease lapsed: a lapse before the freeze (a holder starved
    // of CPU for 1.5 s on a loaded machine) would leave two engines running, so this fleet's leases last 4 s.
    const { view, holder, other } = await startServingPair(4_000);
    expect(findProcessGroups(marker)).toHaveLength(1);
    redisServer().freeze();
    // Both instances still reach the engine by the address they know.
    await expectTaskEnds(other.member.url);
    await expectTaskEnds(holder.member.url);
    expect(findProcessGroups(marker)).toHaveLength(1);
    // The holder dies while Redis is frozen: its engine goes with it, and nobody can take the lease.
    holder.member.child.kill('SIGKILL');
    await waitFor(() => findProcessGroups(marker).length === 0, 10_000, 'the dead holder’s engine to exit');
    await delay(3_000);
    expect(findProcessGroups(marker)).toHaveLength(0);
    redisServer().thaw();
    const after = await untilServing(other.member.url, (next) => next === other.id);
    expect(after.engine_process.pid).not.toBe(view.engine_process.pid);
    expect(findProcessGroups(marker)).toHaveLength(1);
    await expectTaskEnds(other.member.url);
  }, 120_000);

  it('a lazy engine is started by the first task on any instance, once, and the other instance uses it', async () => {
    const [a, b] = await startManagedFleet(2, 'lazy');
    if (a === undefined || b === undefined) throw new Error('fleet not started');
    expect(findProcessGroups(marker)).toHaveLength(0);
    await Promise.all([expectTaskEnds(a.member.url), expectTaskEnds(b.member.url)]);
    expect(findProcessGroups(marker)).toHaveLength(1);
    const viewA = await readManagedReplica(a.member.url);
    const viewB = await readManagedReplica(b.member.url);
    expect(viewA.engine_process.holder).toBe(viewB.engine_process.holder);
    expect(viewA.engine_process.pid).toBe(viewB.engine_process.pid);
  }, 90_000);

  it('the holder stopped with SIGTERM gives its lease back and another instance launches the engine', async () => {
    const { view, holder, other } = await startServingPair();
    await holder.member.stop();
    const after = await untilServing(other.member.url, (next) => next === other.id);
    expect(after.engine_process.pid).not.toBe(view.engine_process.pid);
    expect(findProcessGroups(marker)).toHaveLength(1);
    await expectTaskEnds(other.member.url);
  }, 90_000);

  it("a lazy engine's idle stop on its holder waits for a task streaming through another instance", async () => {
    const [a, b] = await startManagedFleet(2, 'lazy', 1_500);
    if (a === undefined || b === undefined) throw new Error('fleet not started');
    await expectTaskEnds(a.member.url);
    const launched = await readManagedReplica(a.member.url);
    expect(launched.engine_process.holder).toBe(a.id);
    // 600 tokens at 200 tokens/s: the stream on b outlasts a's idle time many times over.
    const long = await streamTask(b.member.url, { model: 'p', prompt: 'long', max_tokens: 600 });
    expect(long.status).toBe(200);
    expect(long.events.at(-1)?.event).toBe('end');
    expect(long.events.at(-1)?.data.finish_reason).toBe('length');
    // Once nothing streams anywhere, the holder's idle stop goes ahead.
    await waitFor(() => findProcessGroups(marker).length === 0, 15_000, 'the idle engine to stop');
  }, 90_000);

  it('with Redis unreachable a lazy engine is not launched: the task is answered engine_unavailable', async () => {
    const [a] = await startManagedFleet(1, 'lazy');
    if (a === undefined) throw new Error('fleet not started');
    redisServer().freeze();
    const refused = await streamTask(a.member.url, { model: 'p', prompt: 'hello', max_tokens: 5 });
    expect(refused.body).toContain('engine_unavailable');
    expect(refused.body).toContain('Redis');
    expect(findProcessGroups(marker)).toHaveLength(0);
    redisServer().thaw();
    // Recovered without a restart: the next task launches the engine, once.
    await waitFor(
      async () => {
        const task = await streamTask(a.member.url, { model: 'p', prompt: 'hello', max_tokens: 5 });
        return task.events.at(-1)?.event === 'end';
      },
      15_000,
      'a task to be served once Redis answers',
    );
    expect(findProcessGroups(marker)).toHaveLength(1);
  }, 90_000);
});
