import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool } from './test-app.js';

describe('the identity behind per-client limits (ORCH-SEC-005)', () => {
  it('gives 200 distinct fake X-Api-Key values no more streams than one client without keys', async () => {
    const limit = 8;
    const { app } = await createTestApp([mockPool('m', [{ tokens_per_second: 20, slots: 512 }])], {
      max_streams_per_client: limit,
    });
    const open = (headers: Record<string, string>) =>
      app.request('/v1/tasks', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'm', prompt: 'x', max_tokens: 1_000 }),
      });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) => open({ 'x-api-key': `fake-key-${index}-0123456789` })),
    );
    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(admitted).toHaveLength(limit);
    expect(refused).toHaveLength(200 - limit);
    const first = refused[0] as Response;
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
    // Fake bearer tokens are no different.
    expect((await open({ authorization: 'Bearer another-fake-key-0123456789' })).status).toBe(429);
    await Promise.all(admitted.map((answer) => answer.body?.cancel()));
  });
});
