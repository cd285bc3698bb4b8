import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrchestrator } from '@orch/orchestrator';
import { describe, expect, it } from 'vitest';
import { startEventsSubscriber } from './events-subscriber.js';

describe('startEventsSubscriber', () => {
  it('reads /v1/events and follows a running task on its own stream to its end', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bench-events-'));
    const configPath = join(directory, 'orch.yaml');
    await writeFile(
      configPath,
      'server: { host: 127.0.0.1, port: 0 }\npools: [{ id: m, model: m, engine: mock, replicas: [{ id: r, options: { tokens_per_second: 200 } }] }]\n',
    );
    const orchestrator = await startOrchestrator({ configPath, writeLog: () => {} });
    try {
      const subscriber = await startEventsSubscriber(new URL(orchestrator.url));
      const response = await fetch(`${orchestrator.url}/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', prompt: 'bench', max_tokens: 100 }),
      });
      await response.text();
      // 100 tokens at 200/s outlast a tick of the bus, which shows the task running. The per-task stream ends with the task's terminal event, just after the client's.
      for (let waited = 0; subscriber.counts.taskEvents < 3 && waited < 5_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const counts = await subscriber.stop();
      expect(counts.events).toBeGreaterThan(1);
      expect(counts.taskStreams).toBe(1);
      // started, the tokens and the end reached the per-task stream.
      expect(counts.taskEvents).toBeGreaterThan(2);
      expect(counts.bytes).toBeGreaterThan(0);
    } finally {
      await orchestrator.shutdown(0);
      await rm(directory, { recursive: true, force: true });
    }
  });
});
