import { describe, expect, it } from 'vitest';
import { FaultController } from './fault-controller.js';

function createController(): { controller: FaultController; accepting: boolean[] } {
  const accepting: boolean[] = [];
  const controller = new FaultController({
    loadingRefusesConnections: true,
    setAccepting: async (value) => {
      accepting.push(value);
    },
  });
  return { controller, accepting };
}

describe('FaultController', () => {
  it('applies scoped faults to the next N requests only, then the standing ones', async () => {
    const { controller } = createController();
    await controller.set({ tokensPerSecond: 5 });
    await controller.set({ httpStatus: 503, forRequests: 2 });
    expect(controller.takeForRequest()).toEqual({ tokensPerSecond: 5, httpStatus: 503 });
    expect(controller.takeForRequest()).toEqual({ tokensPerSecond: 5, httpStatus: 503 });
    expect(controller.takeForRequest()).toEqual({ tokensPerSecond: 5 });
  });

  it('rejects unknown knobs and server-wide knobs scoped to requests', async () => {
    const { controller } = createController();
    await expect(controller.set({ dropAfter: 3 } as never)).rejects.toThrow(/invalid faults/);
    await expect(controller.set({ refuse: true, forRequests: 1 })).rejects.toThrow(/cannot be scoped/);
    await expect(controller.set({ httpStatus: 200 })).rejects.toThrow(/httpStatus/);
  });

  it('stops accepting connections while refusing or loading, and accepts again after', async () => {
    const { controller, accepting } = createController();
    await controller.set({ refuse: true });
    await controller.set({});
    await controller.set({ loadingForMs: 20 });
    expect(controller.loadingRemainingMs()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(controller.loadingRemainingMs()).toBe(0);
    expect(accepting).toEqual([false, true, false, true]);
    controller.dispose();
  });
});
