import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOrchestrator } from '../src/main.js';
import { readEvents } from './test-app.js';

describe('graceful shutdown (ORCH-RES-030)', () => {
  it('stops admitting, lets streams run for the grace period, then ends them with shutting_down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orch-shutdown-'));
    const configPath = join(dir, 'orch.yaml');
    writeFileSync(
      configPath,
      [
        'server: { shutdown_grace_ms: 300 }',
        'pools:',
        '  - id: m',
        '    model: m',
        '    engine: mock',
        '    replicas: [{ id: r0, options: { tokens_per_second: 50 } }]',
      ].join('\n'),
    );
    const orchestrator = await startOrchestrator({ configPath, port: 0, writeLog: () => {} });
    const post = (body: unknown) =>
      fetch(`${orchestrator.url}/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const longTask = await post({ model: 'm', prompt: 'x', max_tokens: 1000 });
    const shortTask = await post({ model: 'm', prompt: 'x', max_tokens: 3 });
    const stopping = orchestrator.shutdown();
    const refused = await post({ model: 'm', prompt: 'x', max_tokens: 3 });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('shutting_down');
    const [longEvents, shortEvents] = await Promise.all([readEvents(longTask), readEvents(shortTask)]);
    await stopping;
    expect(shortEvents.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    expect(longEvents.at(-1)).toMatchObject({ type: 'error', code: 'shutting_down', retriable: true });
    expect((longEvents.at(-1) as { tokens_delivered: number }).tokens_delivered).toBeGreaterThan(3);
  }, 15_000);
});
