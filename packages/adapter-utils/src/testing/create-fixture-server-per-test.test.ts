import { describe, expect, it } from 'vitest';
import { createFixtureServerPerTest } from './create-fixture-server-per-test.js';
import type { FixtureServer } from './start-fixture-server.js';

describe('createFixtureServerPerTest', () => {
  const fixture = createFixtureServerPerTest(() => ({ 'GET /health': { body: 'ok' } }));
  let previous: FixtureServer | undefined;

  it('starts a server with the base routes and the test routes, and lists requests by exact path', async () => {
    const server = await fixture.start({ 'POST /generate': { body: 'generated' } });
    expect(fixture.current).toBe(server);
    expect(await (await fetch(`${server.url}/health`)).text()).toBe('ok');
    expect(await (await fetch(`${server.url}/generate`, { method: 'POST', body: '{"a":1}' })).text()).toBe(
      'generated',
    );
    await fetch(`${server.url}/generate?x=1`, { method: 'POST' });
    expect(fixture.requestsTo('/generate').map((request) => request.json)).toEqual([{ a: 1 }]);
    expect(fixture.requestsTo('/health')).toHaveLength(1);
    previous = server;
  });

  it('closed the previous test server and has none until the next start', async () => {
    expect(fixture.current).toBeUndefined();
    expect(fixture.requestsTo('/health')).toEqual([]);
    if (previous === undefined) throw new Error('the previous test did not start a server');
    await expect(fetch(`${previous.url}/health`)).rejects.toThrow();
  });
});
