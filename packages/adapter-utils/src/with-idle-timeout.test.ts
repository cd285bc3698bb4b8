import { isTaskError, type TaskError } from '@orch/adapter-api';
import { afterEach, describe, expect, it } from 'vitest';
import { requestEngine } from './request-engine.js';
import { type FixtureServer, startFixtureServer } from './testing/start-fixture-server.js';
import { withIdleTimeout } from './with-idle-timeout.js';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function collect(source: AsyncIterable<Uint8Array>): Promise<{ text: string; error?: TaskError }> {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of source) parts.push(Buffer.from(chunk));
  } catch (error) {
    if (!isTaskError(error)) throw error;
    return { text: Buffer.concat(parts).toString('utf8'), error };
  }
  return { text: Buffer.concat(parts).toString('utf8') };
}

describe('withIdleTimeout', () => {
  it('passes every byte of a live stream through', async () => {
    server = await startFixtureServer({
      'GET /s': { chunks: ['a', { delayMs: 30 }, 'b', { delayMs: 30 }, 'c'] },
    });
    const response = await requestEngine({ engine: 'e', baseUrl: server.url, path: '/s' });
    const result = await collect(withIdleTimeout(response.body, { idleTimeoutMs: 500 }));
    expect(result).toEqual({ text: 'abc' });
  });

  it('fails a stalled stream with idle_timeout and aborts the request', async () => {
    server = await startFixtureServer({ 'GET /s': { chunks: ['data: 1\n\n', { stall: true }] } });
    const response = await requestEngine({ engine: 'llamacpp', baseUrl: server.url, path: '/s' });
    let timeoutSeen: TaskError | undefined;
    const result = await collect(
      withIdleTimeout(response.body, {
        idleTimeoutMs: 150,
        engine: 'llamacpp',
        onTimeout: (error) => {
          timeoutSeen = error;
          response.abort(error);
        },
      }),
    );
    expect(result.text).toBe('data: 1\n\n');
    expect(result.error?.code).toBe('idle_timeout');
    expect(result.error?.message).toBe('llamacpp stalled: no bytes for 150 ms');
    expect(timeoutSeen).toBe(result.error);
    await server.waitFor(() => server?.requests[0]?.closedByClient === true);
  });

  it('counts keep-alive comments as liveness', async () => {
    // 6 × 60 ms of silence between bytes: 360 ms in all, far beyond the 150 ms idle limit, yet never idle.
    const keepAlives = Array.from({ length: 5 }, () => [{ delayMs: 60 }, ':\n\n']).flat();
    server = await startFixtureServer({
      'GET /s': { chunks: ['data: 1\n\n', ...keepAlives, { delayMs: 60 }, 'data: 2\n\n'] },
    });
    const response = await requestEngine({ engine: 'e', baseUrl: server.url, path: '/s' });
    const result = await collect(withIdleTimeout(response.body, { idleTimeoutMs: 150 }));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(`data: 1\n\n${':\n\n'.repeat(5)}data: 2\n\n`);
  });

  it('fails with ttft_timeout when the first byte misses firstByteTimeoutMs', async () => {
    server = await startFixtureServer({ 'GET /s': { chunks: [{ stall: true }] } });
    const response = await requestEngine({ engine: 'vllm', baseUrl: server.url, path: '/s' });
    const result = await collect(
      withIdleTimeout(response.body, {
        idleTimeoutMs: 5000,
        firstByteTimeoutMs: 100,
        onTimeout: () => response.abort(),
      }),
    );
    expect(result.error?.code).toBe('ttft_timeout');
  });

  it('works on plain async iterables too', async () => {
    async function* source() {
      yield new Uint8Array([104, 105]);
    }
    expect(await collect(withIdleTimeout(source(), { idleTimeoutMs: 100 }))).toEqual({ text: 'hi' });
  });
});
