import { afterEach, describe, expect, it } from 'vitest';
import { createEngineClient } from '../engine-client.js';
import { type FixtureServer, findRefusedUrl, startFixtureServer } from '../testing/start-fixture-server.js';
import {
  discoverOpenAiEngineVersion,
  isBetterEngineVersion,
  UNREPORTED_ENGINE_VERSION,
} from './discover-openai-engine-version.js';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const notFound = {
  status: 404,
  body: '{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}',
};

async function discover(routes: Parameters<typeof startFixtureServer>[0]) {
  server = await startFixtureServer(routes);
  const client = createEngineClient({ engine: 'openai', baseUrl: server.url });
  return discoverOpenAiEngineVersion(client, { timeoutMs: 2000 });
}

describe('discoverOpenAiEngineVersion (OC-ADAPT-6010)', () => {
  it("reads vLLM's /version first", async () => {
    expect(await discover({ 'GET /version': { body: '{"version":"0.11.0"}' } })).toEqual({
      version: '0.11.0',
      source: 'version-endpoint',
    });
    expect(server?.requests.map((request) => request.path)).toEqual(['/version']);
  });

  it("falls back to llama-server's /props build_info", async () => {
    expect(
      await discover({
        'GET /version': notFound,
        'GET /props': { body: '{"build_info":"b11669-Debian","total_slots":2}' },
      }),
    ).toEqual({ version: 'b11669-Debian', source: 'props-build-info' });
  });

  it('falls back to the Server header of the model list, marked as such', async () => {
    expect(
      await discover({
        'GET /version': notFound,
        'GET /props': notFound,
        'GET /v1/models': { headers: { server: 'uvicorn' }, body: '{"object":"list","data":[]}' },
      }),
    ).toEqual({ version: 'uvicorn (Server header)', source: 'server-header' });
  });

  it('says the server reports nothing rather than inventing a version', async () => {
    expect(await discover({})).toEqual({ version: UNREPORTED_ENGINE_VERSION, source: 'unreported' });
  });

  it('rejects with engine_unavailable when the server is down', async () => {
    const client = createEngineClient({ engine: 'openai', baseUrl: await findRefusedUrl() });
    await expect(discoverOpenAiEngineVersion(client, { timeoutMs: 2000 })).rejects.toMatchObject({
      code: 'engine_unavailable',
    });
  });
});

describe('isBetterEngineVersion', () => {
  it('prefers stronger sources and newer fingerprints', () => {
    const header = { version: 'uvicorn (Server header)', source: 'server-header' } as const;
    const fingerprint = { version: 'fp_1', source: 'system-fingerprint' } as const;
    const endpoint = { version: '0.11.0', source: 'version-endpoint' } as const;
    expect(isBetterEngineVersion(header, fingerprint)).toBe(true);
    expect(isBetterEngineVersion(fingerprint, { version: 'fp_2', source: 'system-fingerprint' })).toBe(true);
    expect(isBetterEngineVersion(fingerprint, fingerprint)).toBe(false);
    expect(isBetterEngineVersion(endpoint, fingerprint)).toBe(false);
  });
});
