import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApiKeyAuth } from './api-key-auth.js';

describe('API-key auth (ORCH-SEC-001)', () => {
  const app = new Hono();
  app.use('*', createApiKeyAuth(['key-number-one-abcdef', 'key-number-two-abcdef']));
  app.get('/', (c) => c.text('ok'));

  it('accepts any configured key as a bearer token or X-Api-Key', async () => {
    expect(
      (await app.request('/', { headers: { authorization: 'Bearer key-number-two-abcdef' } })).status,
    ).toBe(200);
    expect((await app.request('/', { headers: { 'x-api-key': 'key-number-one-abcdef' } })).status).toBe(200);
  });

  it('refuses a missing or wrong key with 401 unauthorized, without echoing the key', async () => {
    expect((await app.request('/')).status).toBe(401);
    const wrong = await app.request('/', { headers: { authorization: 'Bearer key-number-one-abcdeX' } });
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).toContain('unauthorized');
    expect(text).not.toContain('abcdeX');
  });
});
