import type { TaskError } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { type RunningTask, RunningTaskRegistry } from './running-task-registry.js';

function fakeTask(taskId: string, owner: string): RunningTask & { abortedWith: TaskError[] } {
  const abortedWith: TaskError[] = [];
  return { taskId, owner, poolId: 'p', abortedWith, abort: (reason) => abortedWith.push(reason) };
}

describe('RunningTaskRegistry (ORCH-SEC-004)', () => {
  it('keeps ids unique per owner and gives equal ids of two owners distinct engine ids', () => {
    const registry = new RunningTaskRegistry();
    const a = fakeTask('x', 'key:a');
    const b = fakeTask('x', 'key:b');
    expect(registry.add(a).engineTaskId).toBe('x');
    expect(registry.add(b).engineTaskId).toBe('x~2');
    expect(() => registry.add(fakeTask('x', 'key:a'))).toThrow(/already running/);
    // A client that picks the suffixed id itself still gets a distinct one.
    expect(registry.add(fakeTask('x~2', 'key:c')).engineTaskId).toBe('x~2~2');
    expect(registry.size).toBe(3);
  });

  it('cancels only for the owner and frees the engine id when the task is removed', () => {
    const registry = new RunningTaskRegistry();
    const a = fakeTask('x', 'key:a');
    registry.add(a);
    expect(registry.cancel('x', 'key:b')).toBe(false);
    expect(a.abortedWith).toEqual([]);
    expect(registry.cancel('x', 'key:a')).toBe(true);
    expect(a.abortedWith[0]?.code).toBe('cancelled');
    registry.remove(a);
    expect(registry.size).toBe(0);
    expect(registry.add(fakeTask('x', 'key:b')).engineTaskId).toBe('x');
  });

  it("passes on the fleet's answer on an id, and answers unique at once without a fleet (ORCH-CLU-025)", async () => {
    expect(await new RunningTaskRegistry().add(fakeTask('x', 'key:a')).unique).toBe(true);
    const seen: string[] = [];
    const registry = new RunningTaskRegistry({
      added: async (task) => {
        seen.push(`added ${task.taskId}`);
        return task.taskId !== 'taken';
      },
      removed: (task) => seen.push(`removed ${task.taskId}`),
    });
    expect(await registry.add(fakeTask('free', 'key:a')).unique).toBe(true);
    const taken = fakeTask('taken', 'key:a');
    expect(await registry.add(taken).unique).toBe(false);
    registry.remove(taken);
    expect(seen).toEqual(['added free', 'added taken', 'removed taken']);
  });
});
