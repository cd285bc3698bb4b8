import { afterEach, describe, expect, it } from 'vitest';
import { probeEngineHealth } from './probe-engine-health.js';
import { type FixtureServer, findRefusedUrl, startFixtureServer } from './testing/start-fixture-server.js';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('probeEngineHealth', () => {
  it('reports ready for 2xx, with the probe latency', async () => {
    server = await startFixtureServer({ 'GET /health': { body: '{"status":"ok"}' } });
    const health = await probeEngineHealth({ engine: 'e', baseUrl: server.url, path: '/health' });
    expect(health.state).toBe('ready');
    expect(health.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('reports loading for 503 with the body as detail', async () => {
    server = await startFixtureServer({
      'GET /health': {
        status: 503,
        body: '{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}',
      },
    });
    const health = await probeEngineHealth({ engine: 'e', baseUrl: server.url, path: '/health' });
    expect(health.state).toBe('loading');
    expect(health.detail).toContain('Loading model');
  });

  it('reports unhealthy for other statuses', async () => {
    server = await startFixtureServer({ 'GET /health': { status: 500, body: 'engine dead' } });
    const health = await probeEngineHealth({ engine: 'e', baseUrl: server.url, path: '/health' });
    expect(health).toMatchObject({ state: 'unhealthy', detail: 'HTTP 500: engine dead' });
  });

  it('never puts the probe credentials into the detail, even when the engine echoes them', async () => {
    const key = 'k3y-Zq81-not-a-pattern';
    server = await startFixtureServer({
      'GET /health': { status: 401, body: `unknown credential ${key}; also got token=${key}` },
    });
    const health = await probeEngineHealth({
      engine: 'e',
      baseUrl: server.url,
      path: '/health',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(health.state).toBe('unhealthy');
    expect(health.detail).toContain('unknown credential');
    expect(health.detail).not.toContain(key);
  });

  it('redacts configured secrets from a custom interpreter detail', async () => {
    server = await startFixtureServer({ 'GET /health': { status: 503, body: 'loading' } });
    const health = await probeEngineHealth({
      engine: 'e',
      baseUrl: server.url,
      path: '/health',
      secrets: ['hunter2-secret'],
      interpret: () => ({ state: 'loading', detail: 'echo hunter2-secret' }),
    });
    expect(health.detail).toBe('echo [REDACTED]');
  });

  it('reports down when the connection is refused', async () => {
    const health = await probeEngineHealth({ engine: 'e', baseUrl: await findRefusedUrl(), path: '/health' });
    expect(health.state).toBe('down');
    expect(health.detail).toContain('ECONNREFUSED');
  });

  it('reports down when the engine does not answer in time', async () => {
    server = await startFixtureServer({ 'GET /health': { chunks: [{ stall: true }] } });
    const health = await probeEngineHealth({
      engine: 'e',
      baseUrl: server.url,
      path: '/health',
      timeoutMs: 100,
    });
    expect(health).toMatchObject({ state: 'down', detail: 'no answer within 100 ms' });
  });

  it('uses the interpreter, and reports unhealthy when it throws', async () => {
    server = await startFixtureServer({ 'GET /v2/health/ready': { status: 400, body: '' } });
    const loading = await probeEngineHealth({
      engine: 'triton',
      baseUrl: server.url,
      path: '/v2/health/ready',
      interpret: ({ status }) =>
        status === 400 ? { state: 'loading', detail: 'not ready' } : { state: 'ready' },
    });
    expect(loading.state).toBe('loading');
    const broken = await probeEngineHealth({
      engine: 'triton',
      baseUrl: server.url,
      path: '/v2/health/ready',
      interpret: () => {
        throw new Error('bad shape');
      },
    });
    expect(broken).toMatchObject({ state: 'unhealthy', detail: 'unreadable health answer: bad shape' });
  });
});
