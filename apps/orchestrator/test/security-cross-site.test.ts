import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAllowedHosts } from '../src/http/create-cross-site-guard.js';
import { createTestApp, mockPool } from './test-app.js';

const task = JSON.stringify({ model: 'm', prompt: 'x', max_tokens: 2 });

/** A raw HTTP request, so that Host, Origin and Content-Type are exactly what a browser would send. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('cross-site requests are refused without authentication (ORCH-SEC-015)', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  async function listen(server: Record<string, unknown> = {}) {
    const { app } = await createTestApp([mockPool('m', [{ tokens_per_second: 1_000 }])], server);
    const listening = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    close = () => listening.close();
    await new Promise((resolve) => listening.once('listening', resolve));
    return (listening.address() as AddressInfo).port;
  }

  it('refuses a POST without Content-Type (what a no-cors page can send) with 415', async () => {
    const port = await listen();
    const answer = await send(port, 'POST', '/v1/tasks', { host: `127.0.0.1:${port}` }, task);
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('refuses a POST from a foreign Origin with 403, and a cancel too', async () => {
    const port = await listen();
    const headers = {
      host: `127.0.0.1:${port}`,
      origin: 'https://evil.example',
      'content-type': 'application/json',
    };
    const answer = await send(port, 'POST', '/v1/tasks', headers, task);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect((await send(port, 'POST', '/v1/tasks/t/cancel', headers)).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) with 403, but leaves /healthz open to probes', async () => {
    const port = await listen();
    const rebound = { host: `evil.example:${port}`, 'content-type': 'application/json' };
    expect((await send(port, 'POST', '/v1/tasks', rebound, task)).status).toBe(403);
    expect((await send(port, 'GET', '/metrics', rebound)).status).toBe(403);
    expect((await send(port, 'GET', '/healthz', rebound)).status).toBe(200);
  });

  it('streams a same-origin JSON POST by a loopback name', async () => {
    const port = await listen();
    const answer = await send(
      port,
      'POST',
      '/v1/tasks',
      { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'content-type': 'application/json' },
      task,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('event: end');
  });

  it('accepts the names of server.allowed_hosts, and "*" for any', async () => {
    const port = await listen({ allowed_hosts: ['orch.internal'] });
    const headers = { host: `orch.internal:${port}`, 'content-type': 'application/json' };
    expect((await send(port, 'POST', '/v1/tasks', headers, task)).status).toBe(200);
    expect((await send(port, 'GET', '/metrics', { host: `127.0.0.1:${port}` })).status).toBe(403);
    close?.();
    const open = await listen({ allowed_hosts: ['*'] });
    expect((await send(open, 'GET', '/metrics', { host: 'anything.example' })).status).toBe(200);
  });

  it('defaults to the loopback names plus a specific bound address', () => {
    expect(defaultAllowedHosts('0.0.0.0')).toEqual(['localhost', '127.0.0.1', '[::1]', '::1']);
    expect(defaultAllowedHosts('10.0.0.5')).toContain('10.0.0.5');
  });
});
