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

/** A server that answers every GET with an empty model list and records what it was asked. */
async function startRecordingServer(): Promise<{ url: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? '/', headers: request.headers });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"object":"list","data":[]}');
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
          replicas: [{ id: 'r0', url, api_key_env: 'REPLICA_KEY', options }],
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

describe('vllm replica adapter factory', () => {
  it('builds the vLLM adapter with the replica URL and the api_key_env key as Bearer', async () => {
    const { url, seen } = await startRecordingServer();
    const adapter = createReplicaAdapter(
      factoryInput('vllm', url, { served_model: 'served', request_timeout_ms: 500 }),
    );
    expect(adapter.engine).toBe('vllm');
    expect((await adapter.health()).state).toBe('ready');
    expect(seen[0]).toMatchObject({ path: '/health', headers: { authorization: `Bearer ${API_KEY}` } });
  });

  it('refuses unknown or mistyped options, naming the field', () => {
    expect(() =>
      createReplicaAdapter(factoryInput('vllm', 'http://127.0.0.1:1', { servedModel: 'x' })),
    ).toThrowError(ConfigError);
    expect(() =>
      createReplicaAdapter(factoryInput('vllm', 'http://127.0.0.1:1', { request_timeout_ms: -1 })),
    ).toThrowError(/pools\[0\]\.replicas\[0\]\.options\.request_timeout_ms/);
  });
});

describe('openai replica adapter factory', () => {
  it('builds the OpenAI-compatible adapter: api_prefix and health_path reach the requests, the key as Bearer', async () => {
    const { url, seen } = await startRecordingServer();
    const adapter = createReplicaAdapter(factoryInput('openai', url, { api_prefix: '/api/v1' }));
    expect(adapter.engine).toBe('openai');
    expect((await adapter.health()).state).toBe('ready');
    expect(seen[0]).toMatchObject({
      path: '/api/v1/models',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const probed = createReplicaAdapter(factoryInput('openai', url, { health_path: '/health' }));
    await probed.health();
    expect(seen[1]?.path).toBe('/health');
  });

  it('accepts every documented option', () => {
    const adapter = createReplicaAdapter(
      factoryInput('openai', 'http://127.0.0.1:1', {
        served_model: 'gpt-4o-mini',
        api_prefix: '/v1',
        prompt_route: 'chat',
        max_tokens_field: 'max_completion_tokens',
        extended_sampling: false,
        include_usage: true,
        extra_body: { cache_prompt: false },
        health_path: '/health',
        tokenize_path: null,
        request_timeout_ms: 1000,
        health_timeout_ms: 1000,
      }),
    );
    expect(adapter.engine).toBe('openai');
  });

  it('refuses a bad option value, naming the field', () => {
    expect(() =>
      createReplicaAdapter(factoryInput('openai', 'http://127.0.0.1:1', { prompt_route: 'completion' })),
    ).toThrowError(/pools\[0\]\.replicas\[0\]\.options\.prompt_route/);
    expect(() =>
      createReplicaAdapter(factoryInput('openai', 'http://127.0.0.1:1', { tokenize_path: 'tokenize' })),
    ).toThrowError(ConfigError);
  });
});
