import { TaskError } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { rejection } from './rejection.js';

describe('rejection', () => {
  it('returns the TaskError a call rejects with', async () => {
    const error = new TaskError('engine_unavailable', 'down');
    expect(await rejection(() => Promise.reject(error))).toBe(error);
  });

  it('rethrows an error that is not a TaskError', async () => {
    await expect(rejection(() => Promise.reject(new Error('plain')))).rejects.toThrow('plain');
  });

  it('fails when the call resolves', async () => {
    await expect(rejection(() => Promise.resolve('fine'))).rejects.toThrow('expected a TaskError');
  });
});
