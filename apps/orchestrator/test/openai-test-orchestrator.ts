import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EndEvent, readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { type RunningOrchestrator, startOrchestrator } from '../src/main.js';

/**
 * Mock pools for the client-library tests: `mock` (two fast replicas), `broken` (fails after 3 tokens, so
 * always mid-stream) and `slow` (one slot, no queue: a slot that is not freed refuses the next task).
 */
const CONFIG = [
  'pools:',
  '  - { id: mock, model: mock, engine: mock, replicas: [{ id: mock-0 }, { id: mock-1 }] }',
  '  - id: broken',
  '    model: broken',
  '    engine: mock',
  '    retry: { max_attempts: 1 }',
  '    replicas: [{ id: broken-0, options: { fault: { mode: fail_after, after_tokens: 3 } } }]',
  '  - id: slow',
  '    model: slow',
  '    engine: mock',
  '    queue: { max_waiting: 0 }',
  '    replicas: [{ id: slow-0, max_concurrency: 1, options: { tokens_per_second: 20 } }]',
].join('\n');

/** A real orchestrator over HTTP on a free port, with the pools above. */
export async function startOpenAiTestOrchestrator(): Promise<RunningOrchestrator> {
  const dir = mkdtempSync(join(tmpdir(), 'orch-openai-'));
  const configPath = join(dir, 'orch.yaml');
  writeFileSync(configPath, CONFIG);
  return startOrchestrator({ configPath, port: 0, writeLog: () => {} });
}

/** The same task on the native route: its text and its `end` event. */
export async function runNativeTask(
  url: string,
  body: Record<string, unknown>,
): Promise<{ text: string; end: EndEvent }> {
  const response = await fetch(`${url}/v1/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const events: StreamEvent[] = [];
  for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) events.push(event);
  const end = events.at(-1);
  if (end?.type !== 'end') throw new Error(`native task did not end well: ${JSON.stringify(end)}`);
  return { text: events.map((event) => (event.type === 'token' ? event.t : '')).join(''), end };
}

/** Waits until no replica of `poolId` runs a task (a disconnected stream has freed its slot). */
export async function waitForIdlePool(url: string, poolId: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let inFlight = Number.NaN;
  while (Date.now() < deadline) {
    const { pools } = (await (await fetch(`${url}/v1/replicas`)).json()) as {
      pools: { id: string; replicas: { in_flight: number }[] }[];
    };
    inFlight = (pools.find((pool) => pool.id === poolId)?.replicas ?? []).reduce(
      (sum, replica) => sum + replica.in_flight,
      0,
    );
    if (inFlight === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return inFlight;
}
