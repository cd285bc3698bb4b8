import { describe, expect, it } from 'vitest';
import { sameInjection } from './same-injection.js';

describe('sameInjection', () => {
  it('compares knob JSON as values, whatever the key order and spacing', () => {
    expect(
      sameInjection('{"stallAfterTokens":3,"stallMs":10}', '{ "stallMs": 10, "stallAfterTokens": 3 }'),
    ).toBe(true);
    expect(sameInjection('{"stallAfterTokens":3}', '{"stallAfterTokens":4}')).toBe(false);
  });

  it('compares other injections as text', () => {
    expect(sameInjection('SIGKILL after token 2', 'SIGKILL after token 2')).toBe(true);
    expect(sameInjection('SIGKILL after token 2', 'SIGKILL before the task')).toBe(false);
    expect(sameInjection(undefined, 'SIGKILL before the task')).toBe(false);
  });
});
