import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from './find-free-port.js';
import { probeHealth, resolveHealthCheck } from './probe-health.js';

const servers: Server[] = [];

async function serve(status: number): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.writeHead(status).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('probeHealth', () => {
  it('reads llama.cpp 503 as loading and 200 as ready', async () => {
    const check = resolveHealthCheck({ path: '/health' });
    const loading = await serve(503);
    expect(await probeHealth(loading.url, check)).toEqual({ state: 'loading', status: 503 });
    expect(loading.paths).toEqual(['/health']);
    const ready = await serve(200);
    expect(await probeHealth(ready.url, check)).toEqual({ state: 'ready', status: 200 });
  });

  it('reads Triton 400 on /v2/health/ready as loading', async () => {
    const server = await serve(400);
    expect(await probeHealth(server.url, resolveHealthCheck({ path: '/v2/health/ready' }))).toEqual({
      state: 'loading',
      status: 400,
    });
    expect(server.paths).toEqual(['/v2/health/ready']);
  });

  it('reads a refused connection as unreachable, never as an exception', async () => {
    const port = await findFreePort();
    const result = await probeHealth(`http://127.0.0.1:${port}`, resolveHealthCheck({}));
    expect(result).toEqual({ state: 'unreachable', error: 'ECONNREFUSED' });
  });

  it('lets a custom path and rule override the defaults', async () => {
    const server = await serve(204);
    const check = resolveHealthCheck({ path: '/ping', ready: (status) => status === 204 });
    expect(await probeHealth(server.url, check)).toEqual({ state: 'ready', status: 204 });
    expect(server.paths).toEqual(['/ping']);
  });
});

describe('resolveHealthCheck', () => {
  it('knows no engine: without a path and rule it probes /health and is ready on 200 only', async () => {
    const check = resolveHealthCheck({});
    expect(check).toMatchObject({ path: '/health', intervalMs: 250, probeTimeoutMs: 2_000 });
    expect(check.ready(200)).toBe(true);
    expect([400, 404, 500, 503].some((status) => check.ready(status))).toBe(false);
  });
});
