import { describe, expect, it } from 'vitest';
import { createLocalClientLimits } from '../scheduling/create-local-client-limits.js';
import type { PrimaryMessage } from './primary-message.js';
import { WorkerCoordinator } from './worker-coordinator.js';

function createCoordinator(maxStreams = 1) {
  const sent: { worker: number; message: PrimaryMessage }[] = [];
  const coordinator = new WorkerCoordinator(
    (worker, message) => sent.push({ worker, message }),
    createLocalClientLimits(maxStreams, undefined),
  );
  for (const worker of [1, 2]) {
    coordinator.addWorker(worker, {
      instance_id: `host-w${worker}`,
      host: 'host',
      pid: 100 + worker,
      started_at: '2026-01-01T00:00:00.000Z',
    });
  }
  sent.length = 0;
  let id = 0;
  const request = (worker: number, body: unknown) => {
    id += 1;
    coordinator.receive(worker, { orch: 'workers', request: { id, body } });
    return id;
  };
  const notify = (worker: number, notice: unknown) =>
    coordinator.receive(worker, { orch: 'workers', notice });
  const replyTo = (requestId: number) =>
    sent.find((entry) => 'reply' in entry.message && entry.message.reply.id === requestId)?.message;
  return { coordinator, sent, request, notify, replyTo };
}

describe('WorkerCoordinator (ORCH-CLU-081)', () => {
  it('sends a cancel to the worker that runs the task, and answers false when none does', () => {
    const { sent, request, replyTo } = createCoordinator();
    request(1, { kind: 'claim-task', taskId: 't1', owner: 'key:a' });
    const found = request(2, { kind: 'cancel-elsewhere', taskId: 't1', owner: 'key:a' });
    expect(replyTo(found)).toEqual({ orch: 'workers', reply: { id: found, ok: true, value: true } });
    expect(sent).toContainEqual({
      worker: 1,
      message: { orch: 'workers', push: { kind: 'cancel', taskId: 't1', owner: 'key:a' } },
    });
    // Another owner's cancel of the same id reaches nothing (ORCH-SEC-004).
    const foreign = request(2, { kind: 'cancel-elsewhere', taskId: 't1', owner: 'key:b' });
    expect(replyTo(foreign)).toMatchObject({ reply: { ok: true, value: false } });
  });

  it("refuses an owner's task id that another worker runs, until that task ends or its worker exits (ORCH-CLU-025)", () => {
    const { coordinator, request, notify, replyTo } = createCoordinator();
    const claim = (worker: number, owner: string) =>
      replyTo(request(worker, { kind: 'claim-task', taskId: 't1', owner }));
    expect(claim(1, 'key:a')).toMatchObject({ reply: { ok: true, value: true } });
    expect(claim(2, 'key:a')).toMatchObject({ reply: { ok: true, value: false } });
    // The refused task's end does not free the id its first holder still runs.
    notify(2, { kind: 'task-removed', taskId: 't1', owner: 'key:a' });
    expect(claim(2, 'key:a')).toMatchObject({ reply: { ok: true, value: false } });
    // Ids are unique per owner only (ORCH-SEC-004).
    expect(claim(2, 'key:b')).toMatchObject({ reply: { ok: true, value: true } });
    notify(1, { kind: 'task-removed', taskId: 't1', owner: 'key:a' });
    expect(claim(2, 'key:a')).toMatchObject({ reply: { ok: true, value: true } });
    coordinator.forgetWorker(2);
    expect(claim(1, 'key:a')).toMatchObject({ reply: { ok: true, value: true } });
  });

  it("refuses a client's stream over the host's limit, and gives it back when its worker exits", () => {
    const { coordinator, request, replyTo } = createCoordinator(1);
    const first = request(1, { kind: 'admit-client', client: 'address:1', member: 'm1' });
    expect(replyTo(first)).toMatchObject({ reply: { ok: true } });
    const second = request(2, { kind: 'admit-client', client: 'address:1', member: 'm2' });
    expect(replyTo(second)).toMatchObject({ reply: { ok: false, error: { code: 'too_many_streams' } } });
    coordinator.forgetWorker(1);
    const third = request(2, { kind: 'admit-client', client: 'address:1', member: 'm3' });
    expect(replyTo(third)).toMatchObject({ reply: { ok: true } });
  });

  it('answers a slot request before it pushes any grant made later', () => {
    const { sent, request, notify } = createCoordinator();
    const replicas = [{ id: 'r0', slots: 1 }];
    request(1, {
      kind: 'admit-slot',
      pool: 'p',
      member: 'a',
      priority: 'interactive',
      maxWaiting: 5,
      replicas,
    });
    request(2, {
      kind: 'admit-slot',
      pool: 'p',
      member: 'b',
      priority: 'interactive',
      maxWaiting: 5,
      replicas,
    });
    notify(1, { kind: 'release-slot', pool: 'p', member: 'a' });
    const toWorker2 = sent.filter((entry) => entry.worker === 2).map((entry) => entry.message);
    expect(toWorker2).toEqual([
      { orch: 'workers', reply: { id: 2, ok: true, value: { kind: 'waiting', position: 1 } } },
      { orch: 'workers', push: { kind: 'granted', pool: 'p', member: 'b', replicaId: 'r0' } },
    ]);
  });

  it('gives the half-open probe to one worker only while its lock lasts', () => {
    const { request, replyTo } = createCoordinator();
    const body = { kind: 'probe-lock', pool: 'p', replica: 'r0', lockMs: 60_000 };
    expect(replyTo(request(1, body))).toMatchObject({ reply: { value: true } });
    expect(replyTo(request(2, body))).toMatchObject({ reply: { value: false } });
  });

  it('relays a breaker change to the other workers only', () => {
    const { sent, notify } = createCoordinator();
    notify(1, { kind: 'breaker', pool: 'p', replica: 'r0', state: 'open' });
    expect(sent).toEqual([
      {
        worker: 2,
        message: {
          orch: 'workers',
          push: { kind: 'breaker', pool: 'p', replica: 'r0', state: 'open', from: 'host-w1' },
        },
      },
    ]);
  });

  it('ignores messages that are not its own', () => {
    const { coordinator, sent } = createCoordinator();
    coordinator.receive(1, { type: 'prom-client:getMetricsReq' });
    coordinator.receive(1, null);
    expect(sent).toEqual([]);
  });

  it('relays signals to the workers that listen for them, and repeats them to a worker that listens later', () => {
    const { coordinator, sent, notify } = createCoordinator();
    notify(1, { kind: 'signals-ready' });
    coordinator.relaySignal('SIGTERM');
    expect(sent).toEqual([
      { worker: 1, message: { orch: 'workers', push: { kind: 'signal', signal: 'SIGTERM' } } },
    ]);
    notify(2, { kind: 'signals-ready' });
    expect(sent.at(-1)).toEqual({
      worker: 2,
      message: { orch: 'workers', push: { kind: 'signal', signal: 'SIGTERM' } },
    });
    expect(sent.length).toBe(2);
  });

  it('collects the metrics of the listening workers only, and aggregates their answers', async () => {
    const { sent, request, notify, replyTo } = createCoordinator();
    notify(1, { kind: 'listening', url: 'http://127.0.0.1:1' });
    const scrape = request(1, { kind: 'scrape-metrics' });
    const asked = sent.filter(
      (entry) => 'push' in entry.message && entry.message.push.kind === 'collect-metrics',
    );
    expect(asked.map((entry) => entry.worker)).toEqual([1]);
    const counter = {
      name: 'orch_demo_total',
      help: 'A demo counter.',
      type: 'counter',
      aggregator: 'sum',
      values: [{ labels: {}, value: 3 }],
    };
    notify(1, { kind: 'metrics', collection: 1, metrics: [counter] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const answer = replyTo(scrape) as { reply: { value: string } };
    expect(answer.reply.value).toContain('orch_demo_total 3');
  });
});
