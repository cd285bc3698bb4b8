import { describe, expect, it } from 'vitest';
import { createTaskRegistry } from './task-registry.js';

describe('createTaskRegistry', () => {
  it('aborts a registered task by id and ignores unknown ids', async () => {
    const registry = createTaskRegistry();
    const controller = new AbortController();
    const release = registry.register('a', controller);
    await registry.cancel('nobody');
    expect(controller.signal.aborted).toBe(false);
    await registry.cancel('a');
    expect(controller.signal.aborted).toBe(true);
    release();
    expect(registry.size).toBe(0);
  });

  it('refuses a task id that is already running, and accepts it again once released', () => {
    const registry = createTaskRegistry();
    const release = registry.register('a', new AbortController());
    expect(() => registry.register('a', new AbortController())).toThrow(/already running/);
    release();
    expect(() => registry.register('a', new AbortController())).not.toThrow();
  });

  it('cancels every task at once', async () => {
    const registry = createTaskRegistry();
    const controllers = [new AbortController(), new AbortController()];
    for (const [index, controller] of controllers.entries()) registry.register(`t${index}`, controller);
    await registry.cancelAll();
    expect(controllers.every((controller) => controller.signal.aborted)).toBe(true);
  });
});
