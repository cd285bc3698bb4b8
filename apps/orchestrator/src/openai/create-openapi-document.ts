import { ALL_ERROR_CODES, ERROR_CODES } from '@orch/adapter-api';
import { z } from 'zod';
import { taskRequestSchema } from '../tasks/task-request-schema.js';
import { chatCompletionsRequestSchema } from './chat-completions-request-schema.js';
import { completionsRequestSchema } from './completions-request-schema.js';
import { responsesRequestSchema } from './responses-request-schema.js';

/** What the document describes: the OpenAI-compatible routes exist only when `server.openai_api` is on. */
export interface OpenApiDocumentOptions {
  openaiApi: boolean;
  /** The orchestrator's version, for `info.version`. */
  version: string;
}

const toJsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

const ERROR_STATUSES = [...new Set(ALL_ERROR_CODES.map((code) => ERROR_CODES[code].status))].sort();

/** Error answers of a route: one entry per status the taxonomy can give, each naming its codes. */
function errorResponses(envelope: string) {
  return Object.fromEntries(
    ERROR_STATUSES.map((status) => [
      String(status),
      {
        description: ALL_ERROR_CODES.filter((code) => ERROR_CODES[code].status === status).join(', '),
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${envelope}` } } },
      },
    ]),
  );
}

const json = (schema: object) => ({ 'application/json': { schema } });
const sse = (description: string) => ({
  'text/event-stream': { schema: { type: 'string', description } },
});

function nativePaths() {
  return {
    '/healthz': { get: { summary: 'The process is alive.', responses: { '200': { description: 'ok' } } } },
    '/readyz': {
      get: {
        summary:
          'Some pool can take tasks: a replica ready with its breaker not open (or a lazy one); the body lists each pool.',
        responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics.',
        responses: { '200': { description: 'text exposition format 0.0.4' } },
      },
    },
    '/openapi.json': {
      get: { summary: 'This document.', responses: { '200': { description: 'OpenAPI 3.1' } } },
    },
    '/v1/tasks': {
      post: {
        summary: 'Stream a task (the native API).',
        requestBody: { required: true, content: json({ $ref: '#/components/schemas/TaskRequest' }) },
        responses: {
          '200': {
            description: 'SSE of contract events: started, token, metrics, then one end or error.',
            headers: { 'x-task-id': { schema: { type: 'string' } } },
            content: sse('`event: <type>` and `data: <JSON event>` per event'),
          },
          ...errorResponses('NativeError'),
        },
      },
    },
    '/v1/tasks/{task_id}/cancel': {
      post: {
        summary: 'Cancel a running task.',
        parameters: [{ name: 'task_id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '202': { description: 'cancelled' }, ...errorResponses('NativeError') },
      },
    },
    '/v1/replicas': {
      get: { summary: 'Replicas, their state and load.', responses: { '200': { description: 'replicas' } } },
    },
    ...statusPagePaths(),
  };
}

const pathParameter = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

/** The status page's stream, task answers and actions (specs/ui.md); wire types in src/events/ui-event-types.ts. */
function statusPagePaths() {
  const handle = pathParameter('handle', 'The task handle from a `task` event.');
  const operatorOnly =
    'Needs an operator key (`server.auth.keys[].operator`) with auth on, a loopback client without; else 403.';
  const engineAction = (verb: string) => ({
    post: {
      summary: `${verb} a persistent managed engine. ${operatorOnly}`,
      parameters: [pathParameter('id', '`pool_id:replica_id`')],
      responses: {
        '202': { description: 'the engine as it is; `engine` events follow' },
        ...errorResponses('NativeError'),
      },
    },
  });
  return {
    '/ui': {
      get: {
        summary: 'The status page (HTML; offline, no CDN, strict Content-Security-Policy).',
        responses: { '200': { description: 'the page' }, '404': { description: 'the page is off' } },
      },
    },
    '/ui/assets/{name}': {
      get: {
        summary: "One of the status page's files (script, style).",
        parameters: [pathParameter('name', 'the file name')],
        responses: {
          '200': { description: 'the file' },
          '304': { description: 'unchanged' },
          '404': { description: 'no such file' },
        },
      },
    },
    '/v1/events': {
      get: {
        summary:
          'The status page stream: a `snapshot` event, then replica, queue, task, traffic, engine, engine_log and instances deltas.',
        responses: {
          '200': { description: 'SSE; `id:` increases', content: sse('`event: <type>`, `data: <JSON>`') },
          ...errorResponses('NativeError'),
        },
      },
    },
    '/v1/events/tasks/{handle}': {
      get: {
        summary: 'One running or recent task: summary, attempt timeline, determinism stamp, copy-as-curl.',
        parameters: [handle],
        responses: { '200': { description: 'the task' }, ...errorResponses('NativeError') },
      },
    },
    '/v1/events/tasks/{handle}/events': {
      get: {
        summary: "The task's own events exactly as its client received them: a replay, then live to the end.",
        parameters: [handle],
        responses: {
          '200': {
            description: 'SSE of contract events',
            content: sse('`event: <type>` and `data: <JSON event>` per event'),
          },
          ...errorResponses('NativeError'),
        },
      },
    },
    '/v1/events/tasks/{handle}/cancel': {
      post: {
        summary: `Cancel a running task by handle. ${operatorOnly}`,
        parameters: [handle],
        responses: {
          '202': { description: 'cancelled' },
          '200': { description: 'the task had already ended' },
          ...errorResponses('NativeError'),
        },
      },
    },
    '/v1/replicas/{id}/breaker/reset': {
      post: {
        summary: `Close a replica's breaker now. ${operatorOnly}`,
        parameters: [
          pathParameter('id', '`pool_id:replica_id`, or the replica id when no other pool has it'),
        ],
        responses: { '200': { description: 'the replica' }, ...errorResponses('NativeError') },
      },
    },
    '/v1/engines/{id}/start': engineAction('Start'),
    '/v1/engines/{id}/stop': engineAction('Stop (after its running tasks)'),
    '/v1/engines/{id}/restart': engineAction('Restart'),
  };
}

function openAiRoute(summary: string, schema: string, streamed: string) {
  return {
    post: {
      summary,
      requestBody: { required: true, content: json({ $ref: `#/components/schemas/${schema}` }) },
      responses: {
        '200': {
          description: 'One JSON answer, or with `stream: true` an SSE stream.',
          headers: { 'x-task-id': { schema: { type: 'string' } } },
          content: { ...json({ type: 'object' }), ...sse(streamed) },
        },
        ...errorResponses('OpenAiError'),
      },
    },
  };
}

function openAiPaths() {
  return {
    '/v1/chat/completions': openAiRoute(
      'OpenAI-compatible chat completion.',
      'ChatCompletionsRequest',
      '`chat.completion.chunk` data lines, then `data: [DONE]`',
    ),
    '/v1/completions': openAiRoute(
      'OpenAI-compatible text completion.',
      'CompletionsRequest',
      '`text_completion` data lines, then `data: [DONE]`',
    ),
    '/v1/responses': openAiRoute(
      'OpenAI-compatible Responses API (stateless).',
      'ResponsesRequest',
      'Responses API events (`response.created` … `response.completed`)',
    ),
    '/v1/models': {
      get: { summary: 'One entry per pool model.', responses: { '200': { description: 'model list' } } },
    },
    '/v1/models/{model}': {
      get: {
        summary: 'One pool model.',
        parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'model' }, '404': { description: 'unknown_model' } },
      },
    },
  };
}

/** The OpenAPI 3.1 document of every HTTP route; request bodies are generated from the schemas the server parses with. */
export function createOpenApiDocument(options: OpenApiDocumentOptions) {
  const errorCode = { type: 'string', enum: ALL_ERROR_CODES };
  const schemas: Record<string, unknown> = {
    TaskRequest: toJsonSchema(taskRequestSchema),
    ErrorCode: errorCode,
    NativeError: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'retriable'],
          properties: {
            code: { $ref: '#/components/schemas/ErrorCode' },
            message: { type: 'string' },
            retriable: { type: 'boolean' },
            retry_after_ms: { type: 'integer' },
            task_id: { type: 'string' },
          },
        },
      },
    },
  };
  if (options.openaiApi) {
    schemas.ChatCompletionsRequest = toJsonSchema(chatCompletionsRequestSchema);
    schemas.CompletionsRequest = toJsonSchema(completionsRequestSchema);
    schemas.ResponsesRequest = toJsonSchema(responsesRequestSchema);
    schemas.OpenAiError = {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['message', 'type', 'param', 'code'],
          properties: {
            message: { type: 'string' },
            type: { type: 'string' },
            param: { type: ['string', 'null'] },
            code: { $ref: '#/components/schemas/ErrorCode' },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'orch', version: options.version },
    paths: { ...nativePaths(), ...(options.openaiApi ? openAiPaths() : {}) },
    components: { schemas },
  };
}
