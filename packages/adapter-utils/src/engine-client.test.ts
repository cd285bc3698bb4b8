import { isTaskError, type TaskError } from '@orch/adapter-api';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEngineClient } from './engine-client.js';
import { type FixtureServer, startFixtureServer } from './testing/start-fixture-server.js';

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

const infoSchema = z.object({ version: z.string() });

describe('createEngineClient', () => {
  it('sends the API key as Bearer and returns validated JSON', async () => {
    server = await startFixtureServer({ 'GET /version': { body: '{"version":"0.10.2","extra":1}' } });
    const client = createEngineClient({ engine: 'vllm', baseUrl: server.url, apiKey: 'sk-abcdefghijklmnop' });
    expect(await client.requestJson(infoSchema, { path: '/version' })).toEqual({ version: '0.10.2' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-abcdefghijklmnop');
  });

  it('rejects an answer of the wrong shape with engine_protocol_error', async () => {
    server = await startFixtureServer({ 'GET /version': { body: '{"version":2}' } });
    const client = createEngineClient({ engine: 'vllm', baseUrl: server.url });
    const error = await rejection(
      client.requestJson(infoSchema, { path: '/version', what: 'version answer' }),
    );
    expect(error.code).toBe('engine_protocol_error');
    expect(error.message).toContain('version answer');
  });

  it('bounds the whole JSON exchange, body included, with engine_unavailable by default', async () => {
    server = await startFixtureServer({ 'GET /version': { chunks: ['{"vers', { stall: true }] } });
    const client = createEngineClient({ engine: 'tgi', baseUrl: server.url });
    const error = await rejection(client.requestJson(infoSchema, { path: '/version', timeoutMs: 150 }));
    expect(error.code).toBe('engine_unavailable');
  });

  it('redacts its API key from text bound for logs (OC-ADAPT-6020)', () => {
    const client = createEngineClient({
      engine: 'openai',
      baseUrl: 'http://127.0.0.1:1',
      apiKey: 'my-own-key-123',
    });
    expect(client.redact('sent my-own-key-123 to the engine')).toBe('sent [REDACTED] to the engine');
    expect(client.replica).toBe('http://127.0.0.1:1');
  });

  it('sends its requests one after another over one kept-alive connection', async () => {
    const { createServer } = await import('node:http');
    const sockets = new Set<unknown>();
    const engine = createServer((request, response) => {
      sockets.add(request.socket);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"version":"1"}');
    });
    await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
    const address = engine.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const client = createEngineClient({ engine: 'vllm', baseUrl: `http://127.0.0.1:${port}` });
      for (let index = 0; index < 3; index += 1) {
        expect(await client.requestJson(infoSchema, { path: '/version' })).toEqual({ version: '1' });
      }
      expect(sockets.size).toBe(1);
    } finally {
      engine.closeAllConnections();
      await new Promise((resolve) => engine.close(resolve));
    }
  });

  it('probes health with its headers', async () => {
    server = await startFixtureServer({ 'GET /health': { body: '' } });
    const client = createEngineClient({ engine: 'tgi', baseUrl: server.url, apiKey: 'k-123456' });
    expect((await client.probeHealth({ path: '/health' })).state).toBe('ready');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer k-123456');
  });
});
