import {
  checkEventSequence,
  type MetricsEvent,
  type StartedEvent,
  type StreamEvent,
} from '@orch/adapter-api';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, startOrchestratorOver, type TestOrchestrator } from './start-orchestrator-over.js';

/**
 * A wider tiny model that never ends on its own: it decodes slowly enough (a few hundred tokens per second) and
 * long enough that a kill lands mid-stream even when a loaded machine delays the client's reading.
 */
const WIDE_MODEL = {
  contextLength: 2_048,
  embeddingLength: 512,
  blockCount: 6,
  feedForwardLength: 1_024,
  headCount: 8,
  endOfTextBias: -30,
};
const MAX_TOKENS = 600;
/** The kill happens when the client holds this token event. */
const KILL_AT_TOKEN = 2;

function textOf(events: readonly StreamEvent[]): string {
  return events.map((event) => (event.type === 'token' ? event.t : '')).join('');
}

describe.each([
  ['greedy decoding', { temperature: 0, seed: 5 }],
  ['seeded sampling', { temperature: 0.8, seed: 424_242 }],
])(
  'token-exact failover of a strict task on real llama-servers, %s (ORCH-DET-050, ORCH-DET-051)',
  (_name, sampling) => {
    let servers: RunningLlamaServer[] = [];
    let orchestrator: TestOrchestrator;
    const task = {
      model: 'wide',
      prompt: 'Once upon a time',
      max_tokens: MAX_TOKENS,
      determinism: 'strict',
      ...sampling,
    };

    beforeAll(async () => {
      servers = await Promise.all(
        [0, 1].map(() => startLlamaServer({ seed: 3, slots: 1, contextSize: 2_048, model: WIDE_MODEL })),
      );
      orchestrator = await startOrchestratorOver({
        server: { health_interval_ms: 60_000 },
        pools: [
          {
            id: 'wide',
            model: 'wide',
            engine: 'llamacpp',
            timeouts: { ttft_ms: 30_000, idle_ms: 15_000 },
            replicas: servers.map((server, index) => ({
              id: `r${index}`,
              url: server.url,
              deterministic: true,
            })),
          },
        ],
      });
    });

    afterAll(async () => {
      await orchestrator?.stop();
      await Promise.all(servers.map((server) => server.stop()));
    });

    it('SIGKILL of the serving replica mid-stream: the client text equals an uninterrupted run', async () => {
      const reference = await readEvents(await orchestrator.post(task));
      expect(checkEventSequence(reference)).toEqual([]);
      const referenceTokens = reference.filter((event) => event.type === 'token').length;
      // The kill must land mid-stream: the uninterrupted run goes well past the kill point.
      expect(referenceTokens).toBeGreaterThan(MAX_TOKENS / 2);

      let started: StartedEvent | undefined;
      let killed: string | undefined;
      const events = await readEvents(await orchestrator.post(task), (event) => {
        if (event.type === 'started') started = event;
        if (event.type === 'token' && event.i === KILL_AT_TOKEN && started !== undefined) {
          killed = started.replica_id;
          servers[Number(killed.slice(1))]?.kill('SIGKILL');
        }
      });

      expect(killed).toBeDefined();
      expect(checkEventSequence(events)).toEqual([]);
      expect(events.filter((event) => event.type === 'started')).toHaveLength(1);
      expect(textOf(events)).toBe(textOf(reference));
      expect(events.at(-1)).toEqual(expect.objectContaining({ type: 'end' }));
      expect((events.at(-1) as { finish_reason: string }).finish_reason).toBe(
        (reference.at(-1) as { finish_reason: string }).finish_reason,
      );
      const notes = events.filter(
        (event): event is MetricsEvent => event.type === 'metrics' && event.failover !== undefined,
      );
      expect(notes).toHaveLength(1);
      expect(notes[0]?.failover?.from_replica).toBe(killed);
      expect(notes[0]?.failover?.to_replica).not.toBe(killed);
      expect(notes[0]?.failover?.resumed_at_token).toBeGreaterThan(KILL_AT_TOKEN);
      expect(orchestrator.logs.some((line) => line.msg === 'strict task failed over')).toBe(true);
    });
  },
);
