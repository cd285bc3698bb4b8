import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool } from './test-app.js';

describe('the public API is our own, never an engine route (OC-ADAPT-5002)', () => {
  it.each([
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

  // With server.openai_api off these paths are not served at all, exactly as before the OpenAI dialect existed.
  it.each([
    ['POST', '/v1/completions'],
    ['POST', '/v1/chat/completions'],
    ['GET', '/v1/models'],
  ])('answers %s %s with 404 and the error envelope when server.openai_api is off', async (method, path) => {
    const { app } = await createTestApp([mockPool('m', [{}])], { openai_api: false });
    const response = await app.request(path, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ model: 'm', prompt: 'x', stream: true }) } : {}),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers the OpenAI-compatible routes from the task pipeline, never from an engine route (ORCH-OAI-001)', async () => {
    const { app, post } = await createTestApp([mockPool('m', [{}])]);
    const native = await (await post({ model: 'm', prompt: 'x', max_tokens: 5, seed: 9 })).text();
    const nativeText = [...native.matchAll(/"t":("(?:[^"\\]|\\.)*")/g)]
      .map((match) => JSON.parse(match[1] as string))
      .join('');
    const response = await app.request('/v1/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', prompt: 'x', max_tokens: 5, seed: 9 }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-task-id')).not.toBeNull();
    expect(await response.json()).toMatchObject({
      object: 'text_completion',
      choices: [{ text: nativeText }],
    });
  });
});
