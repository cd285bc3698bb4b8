import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@orch/adapter-api';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { parseConfig } from '../config/parse-config.js';
import { ENGINE_MODULES } from '../engine-modules.js';
import { createReplicaAdapter, type ReplicaAdapterInput } from './create-replica-adapter.js';

const API_KEY = 'replica-secret-key-0123456789';

interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A server answering GETs from `answers` (path → JSON; 404 otherwise) and recording what it was asked. */
async function startEngine(answers: Record<string, unknown>): Promise<{ url: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    seen.push({ path, headers: request.headers });
    const answer = answers[path];
    response.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(answer === undefined ? '{"error":"not found"}' : JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function factoryInput(
  engine: string,
  url: string,
  options: Record<string, unknown> = {},
): ReplicaAdapterInput {
  const config = parseConfig(
    JSON.stringify({
      pools: [
        {
          id: 'pool',
          model: 'pool-model',
          engine,
          replicas: [{ id: 'r0', url, api_key_env: 'KEY', options }],
        },
      ],
    }),
    'test.yaml',
    ENGINE_MODULES,
  );
  const pool = config.pools[0];
  const replica = pool?.replicas[0];
  if (pool === undefined || replica === undefined) throw new Error('the test config has no replica');
  if (pool === undefined || replica === undefined) throw new Error('no replica');
  return { pool, replica, baseUrl: replica.url, apiKey: API_KEY, logger: silentLogger };
}

describe('tgi replica adapter factory (OC-ADAPT-5040)', () => {
  it('builds the TGI adapter with the replica URL and the api_key_env key as Bearer', async () => {
    const { url, seen } = await startEngine({ '/health': {} });
    const adapter = createReplicaAdapter(
      factoryInput('tgi', url, {
        chat_template_fallback: 'reject',
        request_timeout_ms: 500,
        health_timeout_ms: 500,
      }),
    );
    expect(adapter.engine).toBe('tgi');
    expect((await adapter.health()).state).toBe('ready');
    expect(seen[0]).toMatchObject({ path: '/health', headers: { authorization: `Bearer ${API_KEY}` } });
  });

  it('refuses unknown or mistyped options, naming the field', () => {
    expect(() =>
      createReplicaAdapter(factoryInput('tgi', 'http://127.0.0.1:1', { chatFallback: 'x' })),
    ).toThrowError(ConfigError);
    expect(() =>
      createReplicaAdapter(factoryInput('tgi', 'http://127.0.0.1:1', { chat_template_fallback: 'guess' })),
    ).toThrowError(/pools\[0\]\.replicas\[0\]\.options\.chat_template_fallback/);
  });
});

describe('triton replica adapter factory (OC-ADAPT-5060, OC-ADAPT-5070)', () => {
  it('passes triton_model, trtllm_version and context_size through to the adapter', async () => {
    const { url, seen } = await startEngine({
      '/v2': { name: 'triton', version: '2.53.0' },
      '/v2/health/ready': {},
      '/v2/models/tensorrt_llm_bls/ready': {},
      '/v2/models/tensorrt_llm_bls/config': {
        name: 'tensorrt_llm_bls',
        backend: 'python',
        input: [{ name: 'seed' }],
      },
    });
    const adapter = createReplicaAdapter(
      factoryInput('triton', url, {
        triton_model: 'tensorrt_llm_bls',
        text_mode: 'accumulated',
        seed_input_name: 'auto',
        trtllm_version: '0.17.0',
        context_size: 8192,
        metrics_url: 'http://127.0.0.1:1',
        chat_fallback: 'transcript',
      }),
    );
    expect(adapter.engine).toBe('triton');
    expect((await adapter.health()).state).toBe('ready');
    expect(seen.map((request) => request.path)).toEqual([
      '/v2/health/ready',
      '/v2/models/tensorrt_llm_bls/ready',
    ]);
    expect(await adapter.properties()).toMatchObject({
      engine_version: 'triton 2.53.0',
      model: 'tensorrt_llm_bls',
      context_size: 8192,
      extra: { trtllm_version: '0.17.0', seed_input: 'seed', text_mode: 'accumulated' },
    });
  });

  it('refuses a bad text mode or seed input name, naming the field', () => {
    expect(() =>
      createReplicaAdapter(factoryInput('triton', 'http://127.0.0.1:1', { text_mode: 'restore_spaces' })),
    ).toThrowError(/pools\[0\]\.replicas\[0\]\.options\.text_mode/);
    expect(() =>
      createReplicaAdapter(factoryInput('triton', 'http://127.0.0.1:1', { seed_input_name: 'rng' })),
    ).toThrowError(ConfigError);
  });
});

describe('ollama replica adapter factory', () => {
  it('sends ollama_model (default: the pool model) and reports num_ctx as the context size', async () => {
    const loaded = { models: [{ name: 'llama3.2:1b', context_length: 4096 }] };
    const { url } = await startEngine({
      '/api/ps': loaded,
      '/api/version': { version: '0.12.6' },
      '/api/tags': { models: [{ name: 'llama3.2:1b', digest: 'abc' }] },
    });
    const adapter = createReplicaAdapter(
      factoryInput('ollama', url, { ollama_model: 'llama3.2:1b', keep_alive: -1, num_ctx: 8192 }),
    );
    expect(adapter.engine).toBe('ollama');
    expect((await adapter.health()).state).toBe('ready');
    expect(await adapter.properties()).toMatchObject({
      engine_version: '0.12.6',
      model: 'llama3.2:1b',
      model_digest: 'abc',
      context_size: 8192,
    });
    const byPoolModel = createReplicaAdapter(factoryInput('ollama', url));
    expect(await byPoolModel.health()).toMatchObject({
      state: 'unhealthy',
      detail: 'model pool-model is not pulled',
    });
  });

  it('refuses unknown or mistyped options, naming the field', () => {
    expect(() =>
      createReplicaAdapter(factoryInput('ollama', 'http://127.0.0.1:1', { model: 'x' })),
    ).toThrowError(ConfigError);
    expect(() =>
      createReplicaAdapter(factoryInput('ollama', 'http://127.0.0.1:1', { num_ctx: 0 })),
    ).toThrowError(/pools\[0\]\.replicas\[0\]\.options\.num_ctx/);
  });
});
