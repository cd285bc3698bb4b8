import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeEngine } from '@orch/fake-engines';
import { type SpawnedOrchestrator, spawnOrchestrator } from './spawn-orchestrator.js';

/** The `cluster` section of a test fleet member: short timeouts so that failures show within seconds. */
export function clusterSection(redisUrl: string, instanceId: string, leaseMs: number): string[] {
  return [
    'cluster:',
    `  redis_url: ${redisUrl}`,
    `  instance_id: ${instanceId}`,
    `  lease_ms: ${leaseMs}`,
    '  command_timeout_ms: 300',
    '  poll_ms: 100',
  ];
}

/** Stops (SIGTERM) the members still running; those a test killed are left as they are. */
export function stopMembers(members: readonly SpawnedOrchestrator[]): Promise<unknown> {
  return Promise.all(
    members.map((member) =>
      member.child.exitCode === null && member.child.signalCode === null
        ? member.stop()
        : Promise.resolve(null),
    ),
  );
}

/** Writes the config of one fleet member serving pool `p` from the engine at `engineUrl`. */
export function writeClusterConfig(options: {
  /** Without it no `cluster` section is written (the workers of one host coordinated by their primary). */
  redisUrl?: string;
  instanceId: string;
  engineUrl: string;
  maxConcurrency?: number;
  extraServer?: string;
  leaseMs?: number;
  breaker?: string;
  shutdownGraceMs?: number;
}): string {
  const dir = mkdtempSync(join(tmpdir(), `orch-cluster-${options.instanceId}-`));
  const path = join(dir, 'orch.yaml');
  writeFileSync(
    path,
    [
      `server: { health_interval_ms: 200, shutdown_grace_ms: ${options.shutdownGraceMs ?? 200}${options.extraServer ?? ''} }`,
      ...(options.redisUrl === undefined
        ? []
        : clusterSection(options.redisUrl, options.instanceId, options.leaseMs ?? 2000)),
      'pools:',
      '  - id: p',
      '    model: p',
      '    engine: vllm',
      '    queue: { timeout_ms: 20000 }',
      `    breaker: ${options.breaker ?? '{ volume_threshold: 2, reset_timeout_ms: 1000 }'}`,
      '    retry: { max_attempts: 1 }',
      `    replicas: [{ id: r0, url: "${options.engineUrl}", max_concurrency: ${options.maxConcurrency ?? 2}, options: { served_model: fake } }]`,
    ].join('\n'),
  );
  return path;
}

/** Starts one fleet member as a real process. */
export function startMember(configPath: string): Promise<SpawnedOrchestrator> {
  return spawnOrchestrator(['--config', configPath]);
}

/** One streamed task's events, read to the end. */
export interface StreamedTask {
  status: number;
  taskId: string | null;
  events: { event: string; data: Record<string, unknown> }[];
  body: string;
}

/** The events of a whole SSE answer, in order (comments left out). */
export function parseSseEvents(text: string): StreamedTask['events'] {
  return text
    .split('\n\n')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      return event === undefined || data === undefined
        ? undefined
        : { event, data: JSON.parse(data) as Record<string, unknown> };
    })
    .filter((event) => event !== undefined);
}

/** Posts a task and reads its whole answer. */
export async function streamTask(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  onFirstBytes?: () => void,
): Promise<StreamedTask> {
  const response = await fetch(`${url}/v1/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const taskId = response.headers.get('x-task-id');
  let text = '';
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let first = true;
  for (;;) {
    const chunk = await reader?.read();
    if (chunk === undefined || chunk.done) break;
    if (first) onFirstBytes?.();
    first = false;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return { status: response.status, taskId, events: parseSseEvents(text), body: text };
}

/** Samples the engine's concurrent generations until `done` settles; returns the largest count seen. */
export async function watchPeak(engine: FakeEngine, done: Promise<unknown>): Promise<number> {
  let peak = 0;
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  while (!finished) {
    peak = Math.max(peak, engine.stats.activeGenerations);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return peak;
}
