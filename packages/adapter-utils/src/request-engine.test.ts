import { isTaskError, type TaskError } from '@orch/adapter-api';
import { afterEach, describe, expect, it } from 'vitest';
import { requestEngine } from './request-engine.js';
import { type FixtureServer, findRefusedUrl, startFixtureServer } from './testing/start-fixture-server.js';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function rejection(promise: Promise<unknown>): Promise<TaskError> {
  try {
    await promise;
  } catch (error) {
    if (isTaskError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const json = { 'content-type': 'application/json' };

describe('requestEngine', () => {
  it('sends a JSON body with extra headers to the joined URL', async () => {
    server = await startFixtureServer({ 'POST /prefix/completion': { body: '{"ok":true}', headers: json } });
    const response = await requestEngine({
      engine: 'llamacpp',
      baseUrl: `${server.url}/prefix/`,
      path: '/completion',
      body: { prompt: 'héllo' },
      headers: { authorization: 'Bearer key-1234' },
    });
    expect(response.status).toBe(200);
    expect(await response.readText()).toBe('{"ok":true}');
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.json).toEqual({ prompt: 'héllo' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer key-1234');
  });

  it('turns credentials in the base URL into a Basic header and keeps them out of errors', async () => {
    server = await startFixtureServer({ 'GET /x': { status: 500, body: 'boom' } });
    const baseUrl = server.url.replace('http://', 'http://alice:pa55word@');
    const error = await rejection(requestEngine({ engine: 'e', baseUrl, path: '/x' }));
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('alice:pa55word').toString('base64')}`,
    );
    expect(JSON.stringify({ message: error.message, context: error.context })).not.toContain('pa55word');
    expect(error.context.replica).toBe(server.url);
  });

  it('maps connection refused to engine_unavailable', async () => {
    const baseUrl = await findRefusedUrl();
    const error = await rejection(requestEngine({ engine: 'vllm', baseUrl, path: '/health' }));
    expect(error.code).toBe('engine_unavailable');
    expect(error.retriable).toBe(true);
    expect(error.context.engine_code).toBe('ECONNREFUSED');
    expect(error.message).toContain('could not be reached');
  });

  it('maps a DNS failure to engine_unavailable', async () => {
    const error = await rejection(
      requestEngine({ engine: 'tgi', baseUrl: 'http://no-such-host.invalid:1', path: '/health' }),
    );
    expect(error.code).toBe('engine_unavailable');
  });

  it('maps missing response headers to ttft_timeout and closes the request', async () => {
    server = await startFixtureServer({
      'POST /completion': async () => {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        return { body: 'late' };
      },
    });
    const error = await rejection(
      requestEngine({
        engine: 'llamacpp',
        baseUrl: server.url,
        path: '/completion',
        body: {},
        headersTimeoutMs: 100,
      }),
    );
    expect(error.code).toBe('ttft_timeout');
    expect(error.message).toContain('100 ms');
    await server.waitFor(() => server?.requests[0]?.closedByClient === true);
  });

  it('rejects with cancelled when the caller aborts, and closes the request', async () => {
    server = await startFixtureServer({
      'POST /completion': async () => {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        return { body: 'late' };
      },
    });
    const controller = new AbortController();
    const pending = requestEngine({
      engine: 'llamacpp',
      baseUrl: server.url,
      path: '/completion',
      body: {},
      signal: controller.signal,
    });
    await server.waitFor(() => server?.requests.length === 1);
    controller.abort();
    expect((await rejection(pending)).code).toBe('cancelled');
    await server.waitFor(() => server?.requests[0]?.closedByClient === true);
  });

  it('follows a 307 redirect of the engine, sending the body again', async () => {
    server = await startFixtureServer({
      'POST /completion': { status: 307, headers: { location: '/completion/' } },
      'POST /completion/': { body: '{"ok":true}', headers: json },
    });
    const response = await requestEngine({
      engine: 'vllm',
      baseUrl: server.url,
      path: '/completion',
      body: { prompt: 'x' },
    });
    expect(response.status).toBe(200);
    expect(await response.readText()).toBe('{"ok":true}');
    expect(server.requests.at(-1)?.path).toBe('/completion/');
    expect(server.requests.at(-1)?.json).toEqual({ prompt: 'x' });
  });

  it('stops listening to the caller signal once the request is closed', async () => {
    server = await startFixtureServer({ 'POST /completion': { body: 'ok' } });
    const controller = new AbortController();
    let listening = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<typeof add>) => {
      listening += 1;
      add(...args);
    };
    signal.removeEventListener = (...args: Parameters<typeof remove>) => {
      listening -= 1;
      remove(...args);
    };
    const response = await requestEngine({
      engine: 'llamacpp',
      baseUrl: server.url,
      path: '/completion',
      body: {},
      signal,
    });
    expect(listening).toBe(1);
    response.abort();
    expect(listening).toBe(0);
  });

  it('rejects at once with cancelled when the signal is already aborted', async () => {
    server = await startFixtureServer();
    const error = await rejection(
      requestEngine({ engine: 'e', baseUrl: server.url, path: '/', signal: AbortSignal.abort() }),
    );
    expect(error.code).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
  });

  it('maps 429 to engine_overloaded with Retry-After in seconds', async () => {
    server = await startFixtureServer({
      'POST /v1/completions': {
        status: 429,
        headers: { ...json, 'retry-after': '3' },
        body: '{"error":{"message":"Too many requests","type":"rate_limit"}}',
      },
    });
    const error = await rejection(
      requestEngine({ engine: 'openai', baseUrl: server.url, path: '/v1/completions', body: {} }),
    );
    expect(error.code).toBe('engine_overloaded');
    expect(error.retryAfterMs).toBe(3000);
    expect(error.message).toContain('Too many requests');
    expect(error.context.engine_code).toBe('rate_limit');
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    server = await startFixtureServer({
      'GET /x': { status: 429, headers: { 'retry-after': at }, body: '' },
    });
    const error = await rejection(requestEngine({ engine: 'e', baseUrl: server.url, path: '/x' }));
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('maps 503 loading to a retriable engine_unavailable with the engine message', async () => {
    server = await startFixtureServer({
      'POST /completion': {
        status: 503,
        headers: json,
        body: '{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}',
      },
    });
    const error = await rejection(
      requestEngine({ engine: 'llamacpp', baseUrl: server.url, path: '/completion', body: {} }),
    );
    expect(error.code).toBe('engine_unavailable');
    expect(error.retriable).toBe(true);
    expect(error.message).toBe('llamacpp answered HTTP 503: Loading model');
    expect(error.context).toMatchObject({ engine: 'llamacpp', replica: server.url, status: 503 });
  });

  it('maps other 5xx to engine_error and 4xx to engine_rejected or context_length_exceeded', async () => {
    server = await startFixtureServer({
      'GET /500': { status: 500, body: '{"error":{"code":500,"message":"oops","type":"server_error"}}' },
      'GET /404': {
        status: 404,
        body: '{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}',
      },
      'GET /400': {
        status: 400,
        body: '{"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error","n_prompt_tokens":900,"n_ctx":512}}',
      },
    });
    const codes = await Promise.all(
      ['/500', '/404', '/400'].map(
        async (path) =>
          (await rejection(requestEngine({ engine: 'e', baseUrl: server?.url ?? '', path }))).code,
      ),
    );
    expect(codes).toEqual(['engine_error', 'engine_rejected', 'context_length_exceeded']);
  });

  it('never puts the Authorization value in the error, even when the engine echoes it (OC-ADAPT-6020)', async () => {
    server = await startFixtureServer({
      'GET /x': (request) => ({
        status: 401,
        body: JSON.stringify({
          error: { message: `bad key ${request.headers.authorization}`, type: 'authentication_error' },
        }),
      }),
    });
    const error = await rejection(
      requestEngine({
        engine: 'e',
        baseUrl: server.url,
        path: '/x',
        headers: { Authorization: 'Bearer zz-top-secret-99' },
      }),
    );
    expect(error.code).toBe('engine_rejected');
    const visible = JSON.stringify({
      message: error.message,
      context: error.context,
      event: error.toEvent(),
    });
    expect(visible).not.toContain('zz-top-secret-99');
  });

  it('hands back statuses accepted by acceptStatus instead of throwing', async () => {
    server = await startFixtureServer({
      'GET /slots': { status: 501, body: '{"error":{"message":"no slots"}}' },
    });
    const response = await requestEngine({
      engine: 'e',
      baseUrl: server.url,
      path: '/slots',
      acceptStatus: (status) => status === 200 || status === 501,
    });
    expect(response.status).toBe(501);
  });

  it('fails readText with the timeout code when the body does not finish in time', async () => {
    server = await startFixtureServer({ 'GET /props': { chunks: ['{"a":', { stall: true }] } });
    const response = await requestEngine({ engine: 'e', baseUrl: server.url, path: '/props' });
    const error = await rejection(response.readText({ timeoutMs: 100, timeoutCode: 'engine_unavailable' }));
    expect(error.code).toBe('engine_unavailable');
    expect(error.message).toContain('did not finish');
  });
});

describe('requestEngine and kept-alive connections the engine closed', () => {
  /** A server that answers once per connection and then closes the connection when it is reused. */
  async function startOneAnswerPerConnectionServer(closeFreshToo = false) {
    const { createServer } = await import('node:http');
    const served = new WeakMap<object, number>();
    let answered = 0;
    let closedOnReuse = 0;
    const http = createServer((request, response) => {
      const count = served.get(request.socket) ?? 0;
      served.set(request.socket, count + 1);
      if (count >= 1 || closeFreshToo) {
        closedOnReuse += 1;
        request.socket.destroy();
        return;
      }
      answered += 1;
      response.writeHead(200, { 'content-type': 'text/plain', connection: 'keep-alive' });
      response.end('ok');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return {
      url: `http://127.0.0.1:${port}`,
      stats: () => ({ answered, closedOnReuse }),
      close: () =>
        new Promise<void>((resolve) => {
          http.closeAllConnections();
          http.close(() => resolve());
        }),
    };
  }

  it('sends the request again on a fresh connection when a reused one was closed (keep-alive race)', async () => {
    const engine = await startOneAnswerPerConnectionServer();
    try {
      for (let index = 0; index < 3; index += 1) {
        const response = await requestEngine({ engine: 'e', baseUrl: engine.url, path: '/x' });
        expect(await response.readText()).toBe('ok');
      }
      expect(engine.stats().answered).toBe(3);
      expect(engine.stats().closedOnReuse).toBeGreaterThanOrEqual(1);
    } finally {
      await engine.close();
    }
  });

  it('does not re-send when a fresh connection breaks before any answer', async () => {
    const engine = await startOneAnswerPerConnectionServer(true);
    try {
      const error = await rejection(requestEngine({ engine: 'e', baseUrl: engine.url, path: '/x' }));
      expect(error.code).toBe('engine_unavailable');
      expect(engine.stats().closedOnReuse).toBe(1);
    } finally {
      await engine.close();
    }
  });
});
