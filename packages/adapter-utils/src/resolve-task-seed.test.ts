import { deriveSeed } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { resolveTaskSeed } from './resolve-task-seed.js';

const task = { task_id: 'task-1', model: 'm', prompt: 'hi', max_tokens: 4, priority: 'interactive' } as const;

describe('resolveTaskSeed', () => {
  it('keeps the seed the task sets, 0 included', () => {
    expect(resolveTaskSeed({ ...task, seed: 7 })).toBe(7);
    expect(resolveTaskSeed({ ...task, seed: 0 })).toBe(0);
  });

  it('derives the seed from the task id when the task sets none, the same on every call', () => {
    expect(resolveTaskSeed(task)).toBe(deriveSeed('task-1'));
    expect(resolveTaskSeed(task)).toBe(resolveTaskSeed({ ...task }));
  });
});
