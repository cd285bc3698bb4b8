import { checkEventSequence, readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { createMockAdapter } from '@orch/adapter-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedOrchestrator, spawnOrchestrator } from './spawn-orchestrator.js';

const TOKEN_LABELS = 'engine="mock",engine_version="0.1.0",pool_id="mock"';

function sumMetric(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(TOKEN_LABELS))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('the orchestrator process, end to end (ORCH-E2E-001)', () => {
  let orchestrator: SpawnedOrchestrator;

  beforeAll(async () => {
    orchestrator = await spawnOrchestrator();
  }, 30_000);

  afterAll(async () => {
    await orchestrator?.stop();
  });

  it('streams a task from the embedded mock pool over HTTP, in order, and counts it in /metrics', async () => {
    const before = await (await fetch(`${orchestrator.url}/metrics`)).text();
    const response = await fetch(`${orchestrator.url}/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock', prompt: 'Hello', max_tokens: 6, seed: 7, task_id: 'e2e-1' }),
    });
    expect(response.status).toBe(200);
    const events: StreamEvent[] = [];
    for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) events.push(event);

    expect(checkEventSequence(events)).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(['started', ...Array(6).fill('token'), 'end']);
    expect(events.filter((event) => event.type === 'end' || event.type === 'error')).toHaveLength(1);
    let direct = '';
    const task = {
      task_id: 'd',
      model: 'mock',
      prompt: 'Hello',
      max_tokens: 6,
      priority: 'interactive' as const,
      seed: 7,
    };
    for await (const event of createMockAdapter().submit(task)) if (event.type === 'token') direct += event.t;
    expect(events.map((event) => (event.type === 'token' ? event.t : '')).join('')).toBe(direct);

    const after = await (await fetch(`${orchestrator.url}/metrics`)).text();
    expect(sumMetric(after, 'orch_tasks_started_total') - sumMetric(before, 'orch_tasks_started_total')).toBe(
      1,
    );
    expect(
      sumMetric(after, 'orch_tasks_finished_total') - sumMetric(before, 'orch_tasks_finished_total'),
    ).toBe(1);
    expect(sumMetric(after, 'orch_tokens_out_total') - sumMetric(before, 'orch_tokens_out_total')).toBe(6);
    expect(
      sumMetric(after, 'orch_time_to_first_token_seconds_count') -
        sumMetric(before, 'orch_time_to_first_token_seconds_count'),
    ).toBe(1);
    const taskLines = orchestrator.logLines.filter((line) => line.includes('"task_id":"e2e-1"'));
    expect(taskLines.length).toBeGreaterThanOrEqual(3);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const second = await spawnOrchestrator();
    expect(await second.stop()).toBe(0);
  }, 30_000);
});
