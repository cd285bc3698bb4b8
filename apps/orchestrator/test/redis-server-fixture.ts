import { type RedisServerFixture, startRedisServer } from '@orch/engine-testkit';
import { afterAll, beforeAll } from 'vitest';

export { type RedisServerFixture, startRedisServer };

/**
 * One redis-server for the calling test file: started before its first test and stopped after its last. Returns
 * a getter (the server exists once `beforeAll` ran).
 */
export function useRedisServer(): () => RedisServerFixture {
  let server: RedisServerFixture | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('redis-server is not started yet');
    return server;
  };
}
