import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPassthroughProxy } from './passthrough-proxy.js';

const servers: Server[] = [];

function listen(server: Server): Promise<URL> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
    ),
  );
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('createPassthroughProxy', () => {
  it('forwards method, path, headers and body and pipes the streamed answer back unchanged', async () => {
    const seen: { method?: string; url?: string; type?: string; body: string } = { body: '' };
    const upstream = await listen(
      createServer((request, response) => {
        seen.method = request.method;
        seen.url = request.url;
        seen.type = request.headers['content-type'];
        request.on('data', (chunk: Buffer) => (seen.body += chunk.toString()));
        request.on('end', () => {
          response.writeHead(201, { 'content-type': 'text/event-stream', 'x-upstream': 'yes' });
          response.write('data: one\n\n');
          setTimeout(() => response.end('data: two\n\n'), 10);
        });
      }),
    );
    const proxy = await listen(createPassthroughProxy(upstream));
    const answer = await fetch(new URL('/completion?x=1', proxy), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"prompt":"hi"}',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-upstream')).toBe('yes');
    expect(await answer.text()).toBe('data: one\n\ndata: two\n\n');
    expect(seen).toEqual({
      method: 'POST',
      url: '/completion?x=1',
      type: 'application/json',
      body: '{"prompt":"hi"}',
    });
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const closed = createServer();
    const upstream = await listen(closed);
    closed.close();
    servers.splice(servers.indexOf(closed), 1);
    const proxy = await listen(createPassthroughProxy(upstream));
    const answer = await fetch(new URL('/anything', proxy));
    expect(answer.status).toBe(502);
  });

  it('closes the upstream request when the client goes away mid-stream', async () => {
    let upstreamClosed: () => void = () => {};
    const closedSeen = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const upstream = await listen(
      createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: first\n\n');
        response.on('close', () => upstreamClosed());
      }),
    );
    const proxy = await listen(createPassthroughProxy(upstream));
    const controller = new AbortController();
    const answer = await fetch(new URL('/stream', proxy), { signal: controller.signal });
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await expect(closedSeen).resolves.toBeUndefined();
  });
});
