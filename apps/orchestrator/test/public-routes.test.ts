import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool } from './test-app.js';

describe('the public API is our own, never an engine route (OC-ADAPT-5002)', () => {
  it.each([
    ['POST', '/v1/completions'],
    ['POST', '/v1/chat/completions'],
    ['GET', '/v1/models'],
    ['POST', '/completion'],
    ['POST', '/generate_stream'],
  ])('answers %s %s with 404 and the error envelope, never a proxied engine answer', async (method, path) => {
    const { app } = await createTestApp([mockPool('m', [{}])]);
    const response = await app.request(path, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ model: 'm', prompt: 'x', stream: true }) } : {}),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
