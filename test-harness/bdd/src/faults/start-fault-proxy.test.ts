import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, type ProxyFault, startFaultProxy } from './start-fault-proxy.js';

const EVENTS = [1, 2, 3, 4, 5].map((n) => `data: {"n":${n}}\n\n`);
let engine: Server;
let engineUrl: string;
const proxies: FaultProxy[] = [];

async function startProxy(fault?: ProxyFault) {
  const proxy = await startFaultProxy(engineUrl, fault);
  proxies.push(proxy);
  return proxy;
}

/** Reads a body to its end; returns the text received and whether the read failed. */
async function readBody(response: Response): Promise<{ text: string; failed: boolean }> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of response.body ?? []) text += decoder.decode(chunk, { stream: true });
    return { text, failed: false };
  } catch {
    return { text, failed: true };
  }
}

const isStream = ({ path }: { path: string }) => path === '/stream';

beforeAll(async () => {
  engine = createServer(async (request, response) => {
    if (request.url !== '/stream') {
      response.end('{"ok":true}');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of EVENTS) {
      response.write(event);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    response.end();
  });
  await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
  engineUrl = `http://127.0.0.1:${(engine.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  await new Promise((resolve) => engine.close(resolve));
});

describe('startFaultProxy', () => {
  it('forwards requests untouched when no fault is set', async () => {
    const proxy = await startProxy();
    const { text, failed } = await readBody(await fetch(`${proxy.url}/stream`));
    expect(failed).toBe(false);
    expect(text).toBe(EVENTS.join(''));
  });

  it('cuts the stream right after the given number of events', async () => {
    const proxy = await startProxy({ kind: 'cut-after-events', match: isStream, events: 2 });
    const { text, failed } = await readBody(await fetch(`${proxy.url}/stream`));
    expect(text).toBe(EVENTS.slice(0, 2).join(''));
    expect(failed).toBe(true);
  });

  it('answers matching requests with the given error before any stream', async () => {
    const proxy = await startProxy({ kind: 'respond', match: isStream, status: 500, body: '{"error":{}}' });
    const response = await fetch(`${proxy.url}/stream`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":{}}');
  });

  it('resets the connection of matching requests and leaves the others alone', async () => {
    const proxy = await startProxy({ kind: 'reset', match: isStream });
    await expect(fetch(`${proxy.url}/stream`)).rejects.toThrow();
    expect(await (await fetch(`${proxy.url}/health`)).json()).toEqual({ ok: true });
  });

  it('applies a fault set later to later requests', async () => {
    const proxy = await startProxy();
    proxy.setFault({ kind: 'respond', match: isStream, status: 503, body: 'loading' });
    expect((await fetch(`${proxy.url}/stream`)).status).toBe(503);
  });
});
