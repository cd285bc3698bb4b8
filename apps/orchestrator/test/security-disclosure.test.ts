import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool } from './test-app.js';

/** A vLLM replica at a port nobody listens on: every request to it fails with its address in the message. */
const ENGINE_URL = 'http://127.0.0.1:9';
const unreachablePool = {
  id: 'v',
  model: 'v',
  engine: 'vllm',
  retry: { max_attempts: 1 },
  replicas: [{ id: 'v-replica', url: ENGINE_URL }],
};

describe('client errors name the replica, not its address (ORCH-SEC-020)', () => {
  it('refuses a task whose engine cannot be reached naming replica "v-replica", and logs the address', async () => {
    const { deps, post, logLines } = await createTestApp([unreachablePool]);
    const replica = deps.pools[0]?.replicas[0];
    if (replica === undefined) throw new Error('no replica');
    // Pretend the last probe passed, so the task reaches the engine.
    replica.health = { state: 'ready' };
    const response = await post({ model: 'v', prompt: 'x', max_tokens: 2 });
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'engine_unavailable' } });
    expect(text).toContain('replica \\"v-replica\\"');
    expect(text).not.toContain('127.0.0.1');
    expect(logLines.some((line) => line.includes('127.0.0.1:9'))).toBe(true);
  });
});

describe('health details for clients carry no internal URLs (ORCH-SEC-021)', () => {
  it('hides the engine address in /v1/replicas unless an operator asks for ?internal=1', async () => {
    const { app } = await createTestApp([unreachablePool]);
    const view = async (path: string) =>
      (await (await app.request(path)).json()) as { pools: { replicas: { health_detail?: string }[] }[] };
    const detail = (await view('/v1/replicas')).pools[0]?.replicas[0]?.health_detail;
    expect(detail).toBeDefined();
    expect(detail).not.toContain('127.0.0.1');
    const internal = (await view('/v1/replicas?internal=1')).pools[0]?.replicas[0]?.health_detail;
    expect(internal).toContain('127.0.0.1:9');
  });

  it('shows ?internal=1 only to an unscoped key when authentication is on', async () => {
    const key = 'scoped-operator-key-0123456789';
    const { app } = await createTestApp([unreachablePool, mockPool('m', [{}])], {
      auth: { keys: [{ name: 'scoped', key, models: ['v'] }] },
    });
    const response = await app.request('/v1/replicas?internal=1', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await response.text()).not.toContain('127.0.0.1');
  });
});

describe('refusals that map the deployment or leak bodies (ORCH-SEC-022)', () => {
  it('lists the served models in unknown_model without auth, not with auth, and as the config says', async () => {
    const message = async (server: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const { post } = await createTestApp([mockPool('secret-model', [{}])], server);
      const response = await post(
        { model: 'nope', prompt: 'x' },
        {
          headers: { 'content-type': 'application/json', ...headers },
        },
      );
      expect(response.status).toBe(404);
      return ((await response.json()) as { error: { message: string } }).error.message;
    };
    const key = 'an-api-key-0123456789abcdef';
    expect(await message({})).toContain('secret-model');
    expect(await message({ auth: { api_keys: [key] } }, { authorization: `Bearer ${key}` })).not.toContain(
      'secret-model',
    );
    expect(await message({ unknown_model_lists_models: false })).not.toContain('secret-model');
  });

  it('logs no fragment of a malformed body, and does not echo it either', async () => {
    const { post, logLines, app } = await createTestApp([mockPool('m', [{}])]);
    const fragment = 'sk-live-do-not-log-this';
    const native = await post(`${fragment} {"model": "m"`);
    expect(native.status).toBe(400);
    expect(await native.text()).not.toContain(fragment.slice(0, 7));
    const openai = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"model": "m", "messages": [${fragment}]`,
    });
    expect(openai.status).toBe(400);
    // V8 quotes the first characters of the body in its message: not even those reach a log line.
    expect(logLines.filter((line) => line.includes(fragment.slice(0, 7)))).toEqual([]);
    expect(logLines.some((line) => line.includes('not valid JSON'))).toBe(true);
  });
});
