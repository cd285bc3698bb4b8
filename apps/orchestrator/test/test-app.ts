import { readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { createConfigSchema } from '../src/config/config-schema.js';
import { createApp } from '../src/create-app.js';
import { createAppDeps } from '../src/create-app-deps.js';
import type { AppDeps } from '../src/deps/app-deps.js';
import { ENGINE_MODULES } from '../src/engine-modules.js';

/** A pool config for tests, with mock replicas configured by their options. */
export function mockPool(
  id: string,
  replicaOptions: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    model: id,
    engine: 'mock',
    replicas: replicaOptions.map((options, index) => ({ id: `${id}-${index}`, options })),
    ...extra,
  };
}

/** An app over mock pools, with replicas probed once (as the server does before listening). */
export async function createTestApp(
  pools: unknown[],
  server: Record<string, unknown> = {},
  ui: Record<string, unknown> = {},
) {
  const logLines: string[] = [];
  const config = createConfigSchema(ENGINE_MODULES).parse({
    server: { log_level: 'debug', ...server },
    ui,
    pools,
  });
  const deps: AppDeps = createAppDeps(config, { writeLog: (line) => logLines.push(line) });
  await Promise.all(deps.pools.flatMap((pool) => pool.replicas).map((replica) => replica.refresh()));
  const app = createApp(deps);
  const post = (body: unknown, init: RequestInit = {}) =>
    app.request('/v1/tasks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...init,
    });
  return { app, deps, logLines, post };
}

/** Reads a whole task stream. */
export async function readEvents(response: Response): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  if (response.body === null) throw new Error('no body');
  for await (const event of readTaskStream(response.body)) events.push(event);
  return events;
}

/** The concatenated token text of a stream. */
export function textOf(events: StreamEvent[]): string {
  return events.map((event) => (event.type === 'token' ? event.t : '')).join('');
}
