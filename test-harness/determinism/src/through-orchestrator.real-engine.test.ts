import { checkEventSequence, type StartedEvent } from '@orch/adapter-api';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStreamRecords } from './compare-stream-records.js';
import { recordEventStream } from './record-event-stream.js';
import { readEvents, startOrchestratorOver, type TestOrchestrator } from './start-orchestrator-over.js';

const SEEDS = Array.from({ length: 16 }, (_, index) => (index * 40_503 + 977) >>> 0);

/** A pool holding one replica: the pool's model name pins a task to that replica. */
function pinnedPool(id: string, url: string) {
  return {
    id,
    model: id,
    engine: 'llamacpp',
    timeouts: { ttft_ms: 20_000, idle_ms: 10_000 },
    replicas: [{ id: `${id}-replica`, url, deterministic: true }],
  };
}

describe('determinism suite through the orchestrator (ORCH-DET-060, ORCH-DET-003, ORCH-DET-041)', () => {
  let servers: RunningLlamaServer[] = [];
  let orchestrator: TestOrchestrator;
  let buildInfo: string;

  beforeAll(async () => {
    servers = await Promise.all([
      startLlamaServer({ seed: 0, slots: 1 }),
      startLlamaServer({ seed: 0, slots: 1 }),
      startLlamaServer({ seed: 0, slots: 2 }),
    ]);
    const [first, second, multiSlot] = servers as [
      RunningLlamaServer,
      RunningLlamaServer,
      RunningLlamaServer,
    ];
    orchestrator = await startOrchestratorOver({
      server: { health_interval_ms: 60_000 },
      pools: [
        pinnedPool('tiny-a', first.url),
        pinnedPool('tiny-b', second.url),
        pinnedPool('tiny-multi', multiSlot.url),
      ],
    });
    const props = (await (await fetch(`${first.url}/props`)).json()) as { build_info: string };
    buildInfo = props.build_info;
  });

  afterAll(async () => {
    await orchestrator?.stop();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('gives byte-identical strict streams on two replicas for 16 seeds, each stamped in started', async () => {
    for (const seed of SEEDS) {
      const task = {
        prompt: 'The engine said',
        max_tokens: 24,
        temperature: 0.8,
        seed,
        determinism: 'strict',
      };
      const [left, right] = await Promise.all(
        ['tiny-a', 'tiny-b'].map(async (model) => readEvents(await orchestrator.post({ ...task, model }))),
      );
      for (const events of [left, right]) {
        expect(checkEventSequence(events ?? [])).toEqual([]);
        expect(events?.[0]).toMatchObject({
          type: 'started',
          engine: 'llamacpp',
          engine_version: buildInfo,
          seed,
        });
      }
      const differences = compareStreamRecords(
        await recordEventStream(left ?? []),
        await recordEventStream(right ?? []),
      );
      expect({ seed, differences }).toEqual({ seed, differences: [] });
    }
  });

  it('writes one "task started" log line per task carrying the determinism stamp', async () => {
    const events = await readEvents(
      await orchestrator.post({
        model: 'tiny-a',
        prompt: 'x',
        max_tokens: 4,
        seed: 11,
        determinism: 'strict',
        task_id: 'stamp-line',
      }),
    );
    const started = events[0] as StartedEvent;
    const lines = orchestrator.logs.filter(
      (line) => line.msg === 'task started' && line.task_id === 'stamp-line',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      engine: 'llamacpp',
      engine_version: started.engine_version,
      seed: 11,
      determinism: 'strict',
    });
    expect(started.sampler_profile_version).toEqual(expect.any(String));
    expect(lines[0]?.sampler_profile_version).toBe(started.sampler_profile_version);
  });

  it('refuses a strict task up front when the only replica reports two slots', async () => {
    const response = await orchestrator.post({
      model: 'tiny-multi',
      prompt: 'x',
      max_tokens: 4,
      determinism: 'strict',
    });
    expect(response.status).toBe(400);
    const envelope = (await response.json()) as { error: { code: string; message: string } };
    expect(envelope.error.code).toBe('capability_unsupported');
    expect(envelope.error.message).toMatch(/runs 2 slots/);
    const bestEffort = await readEvents(
      await orchestrator.post({ model: 'tiny-multi', prompt: 'x', max_tokens: 4 }),
    );
    expect(bestEffort.at(-1)).toMatchObject({ type: 'end' });
  });
});
