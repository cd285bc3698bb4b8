import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConfigSchema } from '../config/config-schema.js';
import { ENGINE_MODULES } from '../engine-modules.js';
import { createLogger } from '../logging/logger.js';
import { createMetrics } from '../metrics/create-metrics.js';
import { createPools } from '../pools/create-pools.js';
import type { QueueWaiter } from '../scheduling/admission-queue.js';
import { IpcSlotAdmission } from './ipc-slot-admission.js';
import { WorkerLink } from './worker-link.js';

/** A worker's pool whose admission talks to a primary played by the test. */
async function createAdmission() {
  const sent: { request?: { id: number; body: { kind: string; member?: string } }; notice?: unknown }[] = [];
  let deliver: (message: unknown) => void = () => {};
  const link = new WorkerLink(
    { index: 1, primaryPid: 1 },
    {
      send: (message) => sent.push(message as (typeof sent)[number]),
      on: (_event, listener) => {
        deliver = listener;
      },
    },
  );
  const config = createConfigSchema(ENGINE_MODULES).parse({
    pools: [{ id: 'p', model: 'p', engine: 'mock', replicas: [{ id: 'r0', max_concurrency: 1 }] }],
  });
  const [pool] = createPools(
    config,
    createLogger({ write: () => {} }),
    createMetrics(),
    {},
    undefined,
    (each, depth) => new IpcSlotAdmission(each, link, depth),
  );
  if (pool === undefined) throw new Error('no pool');
  await pool.replicas[0]?.refresh();
  const lastRequest = () => sent.filter((message) => message.request !== undefined).at(-1)?.request;
  const reply = (value: unknown) =>
    deliver({ orch: 'workers', reply: { id: lastRequest()?.id, ok: true, value } });
  // What it gave back or left (the offers it sends when the replica's capacity changes are left out).
  const notices = () =>
    sent.flatMap((message) => {
      const notice = message.notice as { kind: string } | undefined;
      return notice === undefined || notice.kind === 'offer' ? [] : [notice];
    });
  return { admission: pool.queue, deliver, reply, lastRequest, notices };
}

const waiter = (): QueueWaiter & { granted: number } => ({
  priority: 'interactive',
  granted: 0,
  grant() {
    this.granted += 1;
  },
});

afterEach(() => {
  vi.useRealTimers();
});

describe('IpcSlotAdmission (ORCH-CLU-081)', () => {
  it('waits for the primary, takes the slot it pushes later, and gives it back once', async () => {
    const { admission, deliver, reply, lastRequest, notices } = await createAdmission();
    const task = waiter();
    const entered = admission.enter(task);
    const member = lastRequest()?.body.member;
    reply({ kind: 'waiting', position: 1 });
    expect(await entered).toBe(1);
    expect(admission.waiting).toBe(1);
    deliver({ orch: 'workers', push: { kind: 'granted', pool: 'p', member, replicaId: 'r0' } });
    expect(task.granted).toBe(1);
    expect(admission.running).toBe(1);
    expect(admission.replicaOf?.(task)).toBe('r0');
    admission.release(task);
    admission.release(task);
    expect(notices()).toEqual([{ kind: 'release-slot', pool: 'p', member }]);
  });

  it('gives back at once a slot granted to a task that left while its request was on the way', async () => {
    const { admission, reply, lastRequest, notices } = await createAdmission();
    const task = waiter();
    const entered = admission.enter(task);
    const member = lastRequest()?.body.member;
    expect(admission.leave(task)).toBe(true);
    reply({ kind: 'granted', replicaId: 'r0' });
    await entered;
    expect(task.granted).toBe(0);
    expect(admission.running).toBe(0);
    expect(notices()).toEqual([{ kind: 'release-slot', pool: 'p', member }]);
  });

  it('refuses with queue_full when the primary says the host queue is full', async () => {
    const { admission, reply } = await createAdmission();
    const entered = admission.enter(waiter());
    reply({ kind: 'full' });
    await expect(entered).rejects.toMatchObject({ code: 'queue_full' });
    expect(admission.waiting + admission.running).toBe(0);
  });

  it('fails with cluster_unavailable when the primary does not answer, and undoes what it may decide later', async () => {
    vi.useFakeTimers();
    const { admission, lastRequest, notices } = await createAdmission();
    const entered = admission.enter(waiter());
    const member = lastRequest()?.body.member;
    const outcome = expect(entered).rejects.toMatchObject({ code: 'cluster_unavailable' });
    await vi.advanceTimersByTimeAsync(5_000);
    await outcome;
    expect(notices()).toEqual([
      { kind: 'leave-slot', pool: 'p', member },
      { kind: 'release-slot', pool: 'p', member },
    ]);
  });
});
