import { type RedisServerFixture, startRedisServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiInstance, UiSnapshot } from '../src/events/ui-event-types.js';
import { type RunningOrchestrator, startOrchestrator } from '../src/main.js';
import { writeClusterConfig } from './cluster-fixtures.js';
import { readUiEvents } from './ui-event-reader.js';

// Two orchestrators in this process, one fleet through a real redis-server (Debian's, fetched into .cache).
let redis: RedisServerFixture;

beforeAll(async () => {
  redis = await startRedisServer();
}, 120_000);

afterAll(async () => {
  await redis?.stop();
});

/** A fleet member serving a replica that is down (the instance list needs no engine). */
function startInstance(instanceId: string): Promise<RunningOrchestrator> {
  const configPath = writeClusterConfig({ redisUrl: redis.url, instanceId, engineUrl: 'http://127.0.0.1:9' });
  return startOrchestrator({ configPath, port: 0, writeLog: () => {} });
}

const idsOf = (instances: UiInstance[]) =>
  instances.map((instance) => `${instance.id}${instance.self ? '*' : ''}`);

describe('the fleet on the status page (ORCH-UI-014)', () => {
  it('lists the live instances from the heartbeats, this one marked self, and drops one that stops', async () => {
    const a = await startInstance('ui-a');
    const b = await startInstance('ui-b');
    try {
      const reader = readUiEvents(await fetch(`${a.url}/v1/events`));
      const snapshot = (await reader.waitFor((message) => message.event === 'snapshot')).data as UiSnapshot;
      expect(snapshot.instance).toBe('ui-a');
      const both = (message: { event: string; data: unknown }) =>
        message.event === 'instances' && (message.data as UiInstance[]).length === 2;
      const fleet =
        snapshot.instances.length === 2
          ? snapshot.instances
          : ((await reader.waitFor(both, 10_000)).data as UiInstance[]);
      expect(idsOf(fleet).sort()).toEqual(['ui-a*', 'ui-b']);
      const mark = reader.messages.length;
      await b.shutdown(0);
      const alone = await reader.waitFor(
        (message) => message.event === 'instances' && (message.data as UiInstance[]).length === 1,
        10_000,
        mark,
      );
      expect(idsOf(alone.data as UiInstance[])).toEqual(['ui-a*']);
      await reader.close();
    } finally {
      await Promise.all([a.shutdown(0), b.shutdown(0)]);
    }
  }, 60_000);
});
