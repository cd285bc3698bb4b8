import { ALL_ERROR_CODES, ERROR_CODES } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { chatCompletionsRequestSchema } from '../src/openai/chat-completions-request-schema.js';
import { taskRequestSchema } from '../src/tasks/task-request-schema.js';
import { createTestApp, mockPool } from './test-app.js';

const chat = { model: 'm', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 4 };

function postTo(app: Awaited<ReturnType<typeof createTestApp>>['app'], path: string, body: unknown) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the OpenAI-compatible routes in process (ORCH-OAI-001)', () => {
  it('returns x-task-id, and streams past metrics events (a pull that wrote nothing once stalled the stream)', async () => {
    const { app } = await createTestApp([mockPool('m', [{ metrics_every: 2 }])]);
    const response = await postTo(app, '/v1/chat/completions', {
      ...chat,
      max_tokens: 9,
      stream: true,
      task_id: 'oai-1',
    });
    expect(response.headers.get('x-task-id')).toBe('oai-1');
    const text = await response.text();
    expect(text.match(/"finish_reason":"length"/g)).toHaveLength(1);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('answers 503 with x-should-retry: false when the orchestrator already tried every replica', async () => {
    const failing = { fault: { mode: 'fail_before_start' } };
    const { app } = await createTestApp([mockPool('m', [failing, failing], { retry: { base_ms: 0 } })]);
    const response = await postTo(app, '/v1/chat/completions', chat);
    expect(response.status).toBe(503);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(await response.json()).toMatchObject({
      error: { code: 'engine_unavailable', type: 'server_error' },
    });
  });

  it('answers 429 with Retry-After and lets the SDK retry when the queue is full', async () => {
    const { app } = await createTestApp([
      mockPool('m', [{ tokens_per_second: 5 }], {
        queue: { max_waiting: 0 },
        replicas: [{ id: 'm-0', max_concurrency: 1, options: { tokens_per_second: 5 } }],
      }),
    ]);
    const first = await postTo(app, '/v1/chat/completions', { ...chat, max_tokens: 50, stream: true });
    const second = await postTo(app, '/v1/chat/completions', chat);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).not.toBeNull();
    expect(second.headers.get('x-should-retry')).toBeNull();
    expect(await second.json()).toMatchObject({ error: { code: 'queue_full', type: 'rate_limit_error' } });
    await first.body?.cancel();
  });

  it('tells the two dialects apart in /metrics with a bounded api label (ORCH-OAI-002)', async () => {
    const { app, post } = await createTestApp([mockPool('m', [{}])]);
    await (await post({ model: 'm', prompt: 'x', max_tokens: 1 })).text();
    await (await postTo(app, '/v1/chat/completions', chat)).text();
    await (await postTo(app, '/v1/responses', { model: 'm', input: 'x' })).text();
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toContain('orch_api_requests_total{api="native",route="tasks"} 1');
    expect(metrics).toContain('orch_api_requests_total{api="openai",route="chat_completions"} 1');
    expect(metrics).toContain('orch_api_requests_total{api="openai",route="responses"} 1');
  });

  it('logs the client user as the client id, with the api', async () => {
    const { app, logLines } = await createTestApp([mockPool('m', [{}])]);
    await (await postTo(app, '/v1/chat/completions', { ...chat, user: 'alice' })).text();
    expect(
      logLines.some((line) => line.includes('"api":"openai"') && line.includes('"client_user":"alice"')),
    ).toBe(true);
  });

  it('serves none of the OpenAI routes when server.openai_api is false', async () => {
    const { app } = await createTestApp([mockPool('m', [{}])], { openai_api: false });
    expect((await postTo(app, '/v1/chat/completions', chat)).status).toBe(404);
    expect((await app.request('/v1/models')).status).toBe(404);
    const document = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).not.toContain('/v1/chat/completions');
  });
});

describe('/openapi.json (ORCH-OAI-003)', () => {
  it('lists exactly the routes the server has', async () => {
    const { app } = await createTestApp([mockPool('m', [{}])]);
    const document = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const served = [
      ...new Set(
        app.routes
          .filter((route) => route.method !== 'ALL')
          .map(
            (route) =>
              `${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name) => `{${name === 'taskId' ? 'task_id' : name}}`)}`,
          ),
      ),
    ].sort();
    expect(documented).toEqual(served);
  });

  it('documents the body fields the server parses, and the server refuses a field it does not document', async () => {
    const { app } = await createTestApp([mockPool('m', [{}])]);
    const document = (await (await app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const schemas = document.components.schemas;
    expect(Object.keys(schemas.TaskRequest?.properties ?? {}).sort()).toEqual(
      Object.keys(taskRequestSchema.shape).sort(),
    );
    expect(Object.keys(schemas.ChatCompletionsRequest?.properties ?? {}).sort()).toEqual(
      Object.keys(chatCompletionsRequestSchema.shape).sort(),
    );
    for (const field of ['user', 'max_completion_tokens', 'stream_options', 'determinism', 'metadata']) {
      const value =
        field === 'stream_options'
          ? {}
          : field === 'max_completion_tokens'
            ? 2
            : field === 'determinism'
              ? 'best_effort'
              : field === 'metadata'
                ? {}
                : 'x';
      const response = await postTo(app, '/v1/chat/completions', { ...chat, [field]: value });
      expect(response.status, field).toBe(200);
      await response.text();
    }
    const refused = await postTo(app, '/v1/chat/completions', { ...chat, not_documented: 1 });
    expect(await refused.json()).toMatchObject({ error: { param: 'not_documented' } });
  });

  it('documents every error code of the taxonomy with the status it is answered with', async () => {
    const { app } = await createTestApp([mockPool('m', [{}])]);
    const document = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, { post?: { responses: Record<string, { description: string }> } }>;
      components: { schemas: { ErrorCode: { enum: string[] } } };
    };
    expect(document.components.schemas.ErrorCode.enum).toEqual(ALL_ERROR_CODES);
    const responses = document.paths['/v1/chat/completions']?.post?.responses ?? {};
    for (const code of ALL_ERROR_CODES) {
      expect(responses[String(ERROR_CODES[code].status)]?.description.split(', '), code).toContain(code);
    }
    const unknown = await postTo(app, '/v1/chat/completions', { ...chat, model: 'nope' });
    expect(responses[String(unknown.status)]?.description).toContain(
      ((await unknown.json()) as { error: { code: string } }).error.code,
    );
  });
});
