import { describe, expect, it } from 'vitest';
import { createTestApp, mockPool } from './test-app.js';

/** Deterministic PRNG so that a failing case can be replayed. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 4294967296;
  };
}

const VALID = {
  model: 'm',
  prompt: 'hello',
  max_tokens: 4,
  temperature: 0.5,
  seed: 3,
  stop: ['x'],
  priority: 'batch',
};
const WRONG_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  Number.MAX_VALUE,
  '',
  'x'.repeat(300),
  [],
  {},
  [1, 'a'],
  { a: 1 },
  2 ** 53,
];

function mutateField(random: () => number): Record<string, unknown> {
  const body: Record<string, unknown> = { ...VALID };
  const keys = [
    ...Object.keys(VALID),
    'messages',
    'task_id',
    'deadline_ms',
    'top_p',
    'top_k',
    'min_p',
    'unknown',
  ];
  const key = keys[Math.floor(random() * keys.length)] as string;
  body[key] = WRONG_VALUES[Math.floor(random() * WRONG_VALUES.length)];
  return body;
}

function randomBody(random: () => number, index: number): string | Uint8Array {
  const valid = JSON.stringify(VALID);
  switch (index % 7) {
    case 0:
      return valid.slice(0, Math.floor(random() * (valid.length - 1)));
    case 1:
      return Uint8Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256));
    case 2:
      return JSON.stringify(mutateField(random));
    case 3: {
      const depth = 1 + Math.floor(random() * 20_000);
      return `{"model":"m","prompt":"x","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    }
    case 4: {
      const bytes = new TextEncoder().encode(
        `{"model":"m","prompt":"${'a'.repeat(Math.floor(random() * 50))}`,
      );
      return Uint8Array.from([...bytes, 0xc3, 0x28, 0x22, 0x7d]);
    }
    case 5:
      return JSON.stringify({ ...VALID, [`field${Math.floor(random() * 1000)}`]: 1 });
    default:
      return JSON.stringify({ ...VALID, prompt: 'p'.repeat(200_001 + Math.floor(random() * 1_000_000)) });
  }
}

describe('POST /v1/tasks under random and hostile bodies (ORCH-SEC-003)', () => {
  it('always answers a 4xx JSON envelope, never a 5xx or a crash, and stays ready', async () => {
    const { app } = await createTestApp([mockPool('m', [{}])]);
    const random = createRandom(20261122);
    const statuses = new Map<number, number>();
    for (let index = 0; index < 350; index += 1) {
      const body = randomBody(random, index);
      const response = await app.request('/v1/tasks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      if (response.status === 200) {
        // A mutation can land on a valid value (e.g. top_k: 0): that must stream properly.
        expect(text).toMatch(/event: end|event: error/);
        continue;
      }
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, `case ${index}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `case ${index}: ${text.slice(0, 200)}`).toBeLessThan(500);
      const envelope = JSON.parse(text) as { error: { code: string; message: string; retriable: boolean } };
      expect(envelope.error.code).toMatch(/^[a-z_]+$/);
      expect(envelope.error.retriable).toBe(false);
    }
    expect(statuses.get(400)).toBeGreaterThan(200);
    expect(statuses.get(413)).toBeGreaterThan(5);
    expect((await app.request('/readyz')).status).toBe(200);
  });
});
