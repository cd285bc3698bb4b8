import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { serve } from '@hono/node-server';
import { type StreamEvent, type SubmitOptions, type Task, taskStreamFromEvents } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool } from './test-app.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap still reachable (after a full collection): garbage made and not yet collected does not count. */
function liveHeapBytes(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

describe('backpressure (ORCH-RES-020)', () => {
  it('stops reading from the engine while a slow client reads a long, fast stream: the lead stays flat', async () => {
    const { app, deps } = await createTestApp([
      mockPool('m', [{ natural_length: 10_000_000, metrics_every: 0, context_size: 10_000_000 }], {
        max_tokens_limit: 5_000_000,
      }),
    ]);
    const replica = deps.pools[0]?.replicas[0];
    if (replica === undefined) throw new Error('no replica');
    let produced = 0;
    const adapter = replica.adapter;
    const submit = adapter.submit.bind(adapter);
    adapter.submit = (task: Task, options?: SubmitOptions) =>
      taskStreamFromEvents(
        (async function* counted(): AsyncGenerator<StreamEvent> {
          for await (const event of submit(task, options)) {
            if (event.type === 'token') produced += 1;
            yield event;
          }
        })(),
      );
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', prompt: 'x', max_tokens: 5_000_000 }),
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const heapBefore = liveHeapBytes();
    // Token events received, counted exactly (an event may be split across chunks: the tail is carried over).
    let received = 0;
    let carry = '';
    const decoder = new TextDecoder();
    const leads: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 2_000) {
      const { value } = await reader.read();
      const text = carry + decoder.decode(value ?? new Uint8Array(), { stream: true });
      received += text.split('event: token\n').length - 1;
      carry = text.slice(-16);
      if (carry.includes('event: token\n')) carry = carry.slice(carry.lastIndexOf('event: token\n') + 13);
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (leads.length < Math.floor((Date.now() - started) / 500)) leads.push(produced - received);
    }
    const heapGrowthMb = (liveHeapBytes() - heapBefore) / 1_048_576;
    console.log(
      `backpressure: produced ${produced} tokens, leads ${leads.join(', ')}, heap +${heapGrowthMb.toFixed(1)} MiB`,
    );
    await reader.cancel();
    server.close();
    // Unthrottled, the mock makes about a million tokens a second; with backpressure the engine side may only
    // run ahead by what the socket buffers hold, and that lead must not grow while the client stays slow.
    expect(received).toBeGreaterThan(1_000);
    expect(produced).toBeGreaterThan(received);
    expect(produced).toBeLessThan(400_000);
    const last = leads.at(-1) ?? 0;
    const middle = leads[1] ?? 0;
    expect(last - middle).toBeLessThan(50_000);
    expect(heapGrowthMb).toBeLessThan(64);
  }, 20_000);
});
