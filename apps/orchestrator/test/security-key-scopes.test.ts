import { describe, expect, it } from 'vitest';
import { createConfigSchema } from '../src/config/config-schema.js';
import { ENGINE_MODULES } from '../src/engine-modules.js';
import { createTestApp, mockPool, readEvents } from './test-app.js';

const SCOPED = 'scoped-key-0123456789abcdef';
const FULL = 'full-key-0123456789abcdef';
const auth = {
  auth: {
    api_keys: [FULL],
    keys: [{ name: 'team-a', key: SCOPED, models: ['a'] }],
  },
};

async function scopedApp() {
  const test = await createTestApp([mockPool('a', [{}]), mockPool('b', [{}])], auth);
  const call = (path: string, key: string, body?: unknown) =>
    test.app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...test, call };
}

describe('per-key model scopes (ORCH-SEC-006)', () => {
  it('runs a task for a model in the scope', async () => {
    const { call } = await scopedApp();
    const response = await call('/v1/tasks', SCOPED, { model: 'a', prompt: 'x', max_tokens: 3 });
    expect(response.status).toBe(200);
    expect((await readEvents(response)).at(-1)).toMatchObject({ type: 'end' });
  });

  it('answers 403 for a served model outside the scope, identical to the answer for a model nobody serves', async () => {
    const { call } = await scopedApp();
    const served = await call('/v1/tasks', SCOPED, { model: 'b', prompt: 'x' });
    const absent = await call('/v1/tasks', SCOPED, { model: 'nope', prompt: 'x' });
    expect(served.status).toBe(403);
    expect(absent.status).toBe(403);
    const servedBody = await served.text();
    expect(servedBody).toBe(await absent.text());
    expect(JSON.parse(servedBody)).toMatchObject({ error: { code: 'forbidden', retriable: false } });
    expect(servedBody).not.toContain('"b"');
  });

  it('refuses the OpenAI routes the same way', async () => {
    const { call } = await scopedApp();
    const body = { model: 'b', messages: [{ role: 'user', content: 'x' }] };
    const response = await call('/v1/chat/completions', SCOPED, body);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('lists only the scope in /v1/models and /v1/replicas; an unscoped key sees everything', async () => {
    const { call } = await scopedApp();
    const ids = async (key: string) =>
      ((await (await call('/v1/models', key)).json()) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(await ids(SCOPED)).toEqual(['a']);
    expect(await ids(FULL)).toEqual(['a', 'b']);
    expect((await call('/v1/models/b', SCOPED)).status).toBe(404);
    const pools = (await (await call('/v1/replicas', SCOPED)).json()) as { pools: { model: string }[] };
    expect(pools.pools.map((pool) => pool.model)).toEqual(['a']);
    expect((await call('/v1/tasks', FULL, { model: 'b', prompt: 'x', max_tokens: 2 })).status).toBe(200);
  });

  it('keeps the plain key list valid and refuses a scope naming a model no pool serves', () => {
    const schema = createConfigSchema(ENGINE_MODULES);
    const pools = [mockPool('a', [{}])];
    expect(schema.safeParse({ server: { auth: { api_keys: [FULL] } }, pools }).success).toBe(true);
    const typo = schema.safeParse({
      server: { auth: { keys: [{ name: 'x', key: SCOPED, models: ['aa'] }] } },
      pools,
    });
    expect(typo.success).toBe(false);
    expect(JSON.stringify(typo.error?.issues)).toContain('no pool serves model');
    const both = schema.safeParse({
      server: { auth: { keys: [{ name: 'x', key: SCOPED, key_env: 'K' }] } },
      pools,
    });
    expect(both.success).toBe(false);
  });
});
