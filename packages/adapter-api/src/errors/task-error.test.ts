import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES, ERROR_CODES } from './error-codes.js';
import { TaskError } from './task-error.js';
import { toTaskError } from './to-task-error.js';

describe('the error taxonomy (ORCH-ERR-001)', () => {
  it('gives every code a 4xx or 5xx status and a description', () => {
    for (const code of ALL_ERROR_CODES) {
      const info = ERROR_CODES[code];
      expect(code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(info.status).toBeGreaterThanOrEqual(400);
      expect(info.status).toBeLessThan(600);
      expect(info.description.length).toBeGreaterThan(10);
    }
  });

  it('marks client mistakes as not retriable', () => {
    for (const code of ALL_ERROR_CODES) {
      if (ERROR_CODES[code].origin === 'client' && code !== 'cancelled')
        expect(ERROR_CODES[code].retriable).toBe(false);
    }
  });
});

describe('TaskError (ORCH-ERR-002)', () => {
  it('carries the code status, default retriability and builds its error event', () => {
    const error = new TaskError('engine_overloaded', 'busy', { retryAfterMs: 1500 });
    expect(error.status).toBe(503);
    expect(error.retriable).toBe(true);
    expect(error.toEvent(4)).toEqual({
      type: 'error',
      code: 'engine_overloaded',
      message: 'busy',
      retriable: true,
      retry_after_ms: 1500,
      tokens_delivered: 4,
    });
  });

  it('lets an adapter override retriability', () => {
    expect(new TaskError('engine_error', 'x', { retriable: false }).retriable).toBe(false);
  });

  it('turns aborts into cancelled and unknown throws into internal', () => {
    expect(toTaskError(new DOMException('aborted', 'AbortError')).code).toBe('cancelled');
    expect(toTaskError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    const original = new TaskError('idle_timeout', 'stalled');
    expect(toTaskError(original)).toBe(original);
  });
});
