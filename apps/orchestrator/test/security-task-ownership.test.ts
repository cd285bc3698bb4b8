import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { readTaskStream, type StreamEvent } from '@orch/adapter-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, mockPool, readEvents } from './test-app.js';

const KEY_A = 'key-of-client-a-0123456789';
const KEY_B = 'key-of-client-b-0123456789';
const twoKeys = { auth: { api_keys: [KEY_A, KEY_B] } };

const json = (key?: string) => ({
  'content-type': 'application/json',
  ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
});

describe('task owners (ORCH-SEC-004)', () => {
  it("refuses key B's cancel of key A's running task with 404, and A's stream ends normally", async () => {
    const { app } = await createTestApp([mockPool('m', [{ tokens_per_second: 200 }])], twoKeys);
    const post = (key: string, body: unknown) =>
      app.request('/v1/tasks', { method: 'POST', headers: json(key), body: JSON.stringify(body) });
    const response = await post(KEY_A, { model: 'm', prompt: 'x', task_id: 'shared-id', max_tokens: 30 });
    expect(response.status).toBe(200);
    const events: StreamEvent[] = [];
    let foreignCancel: Response | undefined;
    for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) {
      events.push(event);
      if (event.type === 'token' && event.i === 1) {
        foreignCancel = await app.request('/v1/tasks/shared-id/cancel', {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY_B}` },
        });
      }
    }
    if (foreignCancel === undefined) throw new Error('the stream ended before its second token');
    expect(foreignCancel.status).toBe(404);
    expect(((await foreignCancel.json()) as { error: { code: string } }).error.code).toBe('task_not_found');
    expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    expect(events.filter((event) => event.type === 'token')).toHaveLength(30);
  });

  it('lets B use the id A is running, without a 409 that would reveal it; both streams finish', async () => {
    const { app } = await createTestApp([mockPool('m', [{ tokens_per_second: 200 }])], twoKeys);
    const post = (key: string) =>
      app.request('/v1/tasks', {
        method: 'POST',
        headers: json(key),
        body: JSON.stringify({ model: 'm', prompt: 'x', task_id: 'same', max_tokens: 10 }),
      });
    const [a, b] = await Promise.all([post(KEY_A), post(KEY_B)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [eventsA, eventsB] = await Promise.all([readEvents(a), readEvents(b)]);
    // The engines saw two distinct ids; each client sees its own.
    expect(eventsA[0]).toMatchObject({ type: 'started', task_id: 'same' });
    expect(eventsB[0]).toMatchObject({ type: 'started', task_id: 'same' });
    expect(eventsA.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    expect(eventsB.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
  });

  it('still refuses an id its own owner is running with 409, and lets the owner cancel it', async () => {
    const { app } = await createTestApp([mockPool('m', [{ tokens_per_second: 50 }])], twoKeys);
    const post = () =>
      app.request('/v1/tasks', {
        method: 'POST',
        headers: json(KEY_A),
        body: JSON.stringify({ model: 'm', prompt: 'x', task_id: 'mine', max_tokens: 200 }),
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect((await post()).status).toBe(409);
    const cancel = await app.request('/v1/tasks/mine/cancel', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY_A}` },
    });
    expect(cancel.status).toBe(202);
    expect((await readEvents(first)).at(-1)).toMatchObject({ type: 'end', finish_reason: 'cancelled' });
  });
});

describe('task owners without authentication: the client address (ORCH-SEC-004)', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  /** A POST from a chosen loopback address (127.0.0.0/8 is all loopback on Linux). */
  const postFrom = (port: number, localAddress: string, path: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const payload = body === undefined ? '' : JSON.stringify(body);
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          localAddress,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  it("refuses another address's cancel with 404; the owner's stream ends normally", async () => {
    const { app } = await createTestApp([mockPool('m', [{ tokens_per_second: 100 }])]);
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    close = () => server.close();
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const owner = postFrom(port, '127.0.0.1', '/v1/tasks', {
      model: 'm',
      prompt: 'x',
      task_id: 'by-address',
      max_tokens: 40,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const foreign = await postFrom(port, '127.0.0.2', '/v1/tasks/by-address/cancel');
    expect(foreign.status).toBe(404);
    const answer = await owner;
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"finish_reason":"length"');
  });
});
