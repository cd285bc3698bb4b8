import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from './engine-status.js';
import { createSwapGroup, type SwapGroupWaiter, type SwapLease } from './swap-group.js';
import { SwapGroupError } from './swap-group-error.js';
import type { SwappableEngine } from './swappable-engine.js';

/** A scripted engine: records start/stop calls; loads finish at once or when the test says so. */
interface ScriptedEngine extends SwappableEngine {
  status: EngineStatus;
  readonly starts: number;
  readonly stops: number;
  /** Finishes a load held with `holdLoads`. */
  finishLoad(error?: Error): void;
}

interface Harness {
  engine(name: string, options?: { holdLoads?: boolean; failLoads?: Error }): ScriptedEngine;
  /** start/stop calls across all engines, in order: "start A", "stop A"… */
  log: string[];
  /** Most engines that were loading or loaded at the same moment. */
  maxRunning(): number;
}

function createHarness(): Harness {
  const log: string[] = [];
  const running = new Set<string>();
  let maxRunning = 0;
  return {
    log,
    maxRunning: () => maxRunning,
    engine(name, options = {}) {
      let starts = 0;
      let stops = 0;
      let pending: { resolve: () => void; reject: (error: Error) => void } | undefined;
      let loading: Promise<void> | undefined;
      const engine: ScriptedEngine = {
        status: 'stopped',
        url: `http://engine-${name}`,
        get starts() {
          return starts;
        },
        get stops() {
          return stops;
        },
        start() {
          if (engine.status === 'ready') return Promise.resolve();
          if (loading) return loading;
          starts += 1;
          log.push(`start ${name}`);
          running.add(name);
          maxRunning = Math.max(maxRunning, running.size);
          engine.status = 'starting';
          loading = new Promise<void>((resolve, reject) => {
            pending = { resolve, reject };
          }).then(
            () => {
              loading = undefined;
              engine.status = 'ready';
            },
            (error: unknown) => {
              loading = undefined;
              engine.status = 'crashed';
              running.delete(name);
              throw error;
            },
          );
          if (options.failLoads) pending?.reject(options.failLoads);
          else if (!options.holdLoads) pending?.resolve();
          return loading;
        },
        async stop() {
          stops += 1;
          log.push(`stop ${name}`);
          pending?.reject(new Error('stopped during start'));
          await Promise.resolve();
          engine.status = 'stopped';
          running.delete(name);
        },
        finishLoad(error) {
          if (error) pending?.reject(error);
          else pending?.resolve();
        },
      };
      return engine;
    },
  };
}

/** Lets queued promise callbacks run. */
async function settle(): Promise<void> {
  for (let index = 0; index < 10; index += 1) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

/** Tracks which promise settled, without awaiting it. */
function watch<T>(promise: Promise<T>): {
  settled: () => boolean;
  value: () => T | undefined;
  error: () => unknown;
} {
  let done = false;
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (result) => {
      done = true;
      value = result;
    },
    (reason: unknown) => {
      done = true;
      error = reason;
    },
  );
  return { settled: () => done, value: () => value, error: () => error };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createSwapGroup', () => {
  it('loads a model on its first acquire and continues without a reload while it is loaded', async () => {
    const harness = createHarness();
    const a = harness.engine('A');
    const group = createSwapGroup({ members: { A: a } });
    const first = await group.acquire('A');
    const second = await group.acquire('A');
    expect(first.url).toBe('http://engine-A');
    expect(a.starts).toBe(1);
    expect(group.snapshot()).toEqual({ active: 'A', phase: 'ready', leases: 2, queue: [] });
    first.release();
    second.release();
    second.release();
    expect(group.snapshot().leases).toBe(0);
  });

  it('lets waiters for the same model share one load', async () => {
    const harness = createHarness();
    const a = harness.engine('A', { holdLoads: true });
    const group = createSwapGroup({ members: { A: a } });
    const waiting = [group.acquire('A'), group.acquire('A'), group.acquire('A')].map(watch);
    await settle();
    expect(group.snapshot().phase).toBe('loading');
    expect(waiting.some((entry) => entry.settled())).toBe(false);
    a.finishLoad();
    await settle();
    expect(waiting.every((entry) => entry.value() !== undefined)).toBe(true);
    expect(a.starts).toBe(1);
    expect(group.snapshot().leases).toBe(3);
  });

  it('drops the loaded model only after its leases are released, then loads the other one', async () => {
    const harness = createHarness();
    const group = createSwapGroup({ members: { A: harness.engine('A'), B: harness.engine('B') } });
    const leaseA = await group.acquire('A');
    const waitB = watch(group.acquire('B'));
    await settle();
    expect(waitB.settled()).toBe(false);
    expect(group.snapshot().phase).toBe('draining');
    expect(harness.log).toEqual(['start A']);

    leaseA.release();
    await settle();
    expect(waitB.value()?.modelKey).toBe('B');
    expect(harness.log).toEqual(['start A', 'stop A', 'start B']);
    expect(harness.maxRunning()).toBe(1);
  });

  it('never stops an engine that is still loading: the swap waits for the load and its leases', async () => {
    const harness = createHarness();
    const a = harness.engine('A', { holdLoads: true });
    const group = createSwapGroup({ members: { A: a, B: harness.engine('B') } });
    const waitA = watch(group.acquire('A'));
    const waitB = watch(group.acquire('B'));
    await settle();
    expect(harness.log).toEqual(['start A']);
    expect(group.snapshot().phase).toBe('loading');

    a.finishLoad();
    await settle();
    expect(harness.log).toEqual(['start A']);
    expect(waitB.settled()).toBe(false);
    waitA.value()?.release();
    await settle();
    expect(harness.log).toEqual(['start A', 'stop A', 'start B']);
    expect(waitB.value()?.modelKey).toBe('B');
  });

  it('serves waiters in arrival order: a loaded model does not jump ahead of an earlier waiter for another', async () => {
    const harness = createHarness();
    const group = createSwapGroup({ members: { A: harness.engine('A'), B: harness.engine('B') } });
    const leaseA1 = await group.acquire('A');
    const waitB1 = watch(group.acquire('B'));
    const waitA2 = watch(group.acquire('A'));
    await settle();
    expect(waitA2.settled()).toBe(false);
    expect(group.snapshot().queue.map((waiter) => waiter.modelKey)).toEqual(['B', 'A']);

    leaseA1.release();
    await settle();
    expect(waitB1.value()?.modelKey).toBe('B');
    expect(waitA2.settled()).toBe(false);
    waitB1.value()?.release();
    await settle();
    expect(waitA2.value()?.modelKey).toBe('A');
    expect(harness.log).toEqual(['start A', 'stop A', 'start B', 'stop B', 'start A']);
  });

  it('keeps serving the waiters of the loaded model that arrived before the first waiter for another', async () => {
    const harness = createHarness();
    const a = harness.engine('A', { holdLoads: true });
    const group = createSwapGroup({ members: { A: a, B: harness.engine('B') } });
    const waitA1 = watch(group.acquire('A'));
    await settle();
    a.finishLoad();
    await settle();
    const waitA2 = watch(group.acquire('A'));
    const waitB = watch(group.acquire('B'));
    const waitA3 = watch(group.acquire('A'));
    await settle();
    expect(waitA1.settled() && waitA2.settled()).toBe(true);
    expect(waitB.settled() || waitA3.settled()).toBe(false);
  });

  it('completes concurrent acquires for two models without deadlock, one engine at a time', async () => {
    const harness = createHarness();
    const group = createSwapGroup({ members: { A: harness.engine('A'), B: harness.engine('B') } });
    const served: string[] = [];
    const task = async (key: string, holdTicks: number) => {
      const lease = await group.acquire(key);
      for (let tick = 0; tick < holdTicks; tick += 1) await Promise.resolve();
      served.push(key);
      lease.release();
    };
    const tasks = Array.from({ length: 24 }, (_, index) =>
      task(index % 3 === 0 ? 'B' : 'A', (index * 7) % 5),
    );
    await Promise.all(tasks);
    expect(served).toHaveLength(24);
    expect(harness.maxRunning()).toBe(1);
    expect(group.snapshot().queue).toEqual([]);
  });

  it('rejects every waiter of a model whose load fails with the engine error and moves on', async () => {
    const harness = createHarness();
    const failure = new Error('model file missing');
    const group = createSwapGroup({
      members: { A: harness.engine('A', { failLoads: failure }), B: harness.engine('B') },
    });
    const waitA1 = watch(group.acquire('A'));
    const waitB = watch(group.acquire('B'));
    const waitA2 = watch(group.acquire('A'));
    await settle();
    expect(waitA1.error()).toBe(failure);
    expect(waitA2.error()).toBe(failure);
    expect(waitB.value()?.modelKey).toBe('B');
    expect(group.snapshot().active).toBe('B');
  });

  it('stops waiting when the caller aborts, and does not swap for a waiter that is gone', async () => {
    const harness = createHarness();
    const group = createSwapGroup({ members: { A: harness.engine('A'), B: harness.engine('B') } });
    const leaseA = await group.acquire('A');
    const controller = new AbortController();
    const waitB = watch(group.acquire('B', { signal: controller.signal }));
    await settle();
    controller.abort();
    await settle();
    expect(waitB.error()).toBeInstanceOf(SwapGroupError);
    expect((waitB.error() as SwapGroupError).code).toBe('aborted');
    leaseA.release();
    await settle();
    expect(harness.log).toEqual(['start A']);
    expect(group.snapshot().phase).toBe('ready');
  });

  it('rejects an unknown model with a SwapGroupError naming the known ones', async () => {
    const group = createSwapGroup({ members: { A: createHarness().engine('A') } });
    await expect(group.acquire('Z')).rejects.toMatchObject({
      code: 'unknown_model',
      message: 'no engine serves "Z" (known: A)',
    });
  });

  it('stops a lazy engine after idleMs without leases, and only then', async () => {
    vi.useFakeTimers();
    const harness = createHarness();
    const a = harness.engine('A');
    const group = createSwapGroup({ members: { A: a }, idleMs: 1_000 });
    const first = await group.acquire('A');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(a.stops).toBe(0);
    first.release();
    await vi.advanceTimersByTimeAsync(900);
    const second = await group.acquire('A');
    second.release();
    await vi.advanceTimersByTimeAsync(900);
    expect(a.stops).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(a.stops).toBe(1);
    expect(group.snapshot()).toEqual({ active: undefined, phase: 'idle', leases: 0, queue: [] });

    const third = await group.acquire('A');
    expect(a.starts).toBe(2);
    third.release();
  });

  it('lets a member override the idle time of the group', async () => {
    vi.useFakeTimers();
    const harness = createHarness();
    const a = harness.engine('A');
    const group = createSwapGroup({ members: { A: { engine: a, idleMs: 100 } }, idleMs: 10_000 });
    (await group.acquire('A')).release();
    await vi.advanceTimersByTimeAsync(100);
    expect(a.stops).toBe(1);
  });

  it('tells waiters their position and when their model is loading', async () => {
    const harness = createHarness();
    const a = harness.engine('A', { holdLoads: true });
    const group = createSwapGroup({ members: { A: a, B: harness.engine('B') } });
    const statesA: SwapGroupWaiter[] = [];
    const statesB: SwapGroupWaiter[] = [];
    const waitA = watch(group.acquire('A', { onWait: (state) => statesA.push(state) }));
    const waitB = watch(group.acquire('B', { onWait: (state) => statesB.push(state) }));
    await settle();
    expect(statesA).toEqual([{ modelKey: 'A', position: 0, loading: true }]);
    expect(statesB).toEqual([{ modelKey: 'B', position: 1, loading: false }]);
    expect(group.snapshot().queue).toEqual([
      { modelKey: 'A', position: 0, loading: true },
      { modelKey: 'B', position: 1, loading: false },
    ]);
    a.finishLoad();
    await settle();
    expect(statesB.at(-1)).toEqual({ modelKey: 'B', position: 0, loading: false });
    (waitA.value() as SwapLease).release();
    await settle();
    expect(waitB.value()?.modelKey).toBe('B');
  });

  it('starts a loaded engine again when it crashed in the meantime', async () => {
    const harness = createHarness();
    const a = harness.engine('A');
    const group = createSwapGroup({ members: { A: a } });
    (await group.acquire('A')).release();
    a.status = 'crashed';
    const lease = await group.acquire('A');
    expect(a.starts).toBe(2);
    expect(lease.modelKey).toBe('A');
  });

  it('on close rejects waiters and stops the active engine, leases or not', async () => {
    const harness = createHarness();
    const a = harness.engine('A');
    const group = createSwapGroup({ members: { A: a, B: harness.engine('B') } });
    await group.acquire('A');
    const waitB = watch(group.acquire('B'));
    await group.close();
    await settle();
    expect((waitB.error() as SwapGroupError).code).toBe('closed');
    expect(a.stops).toBe(1);
    await expect(group.acquire('A')).rejects.toMatchObject({ code: 'closed' });
  });

  it('uses an object with its own start and stop as the engine even if it has an `engine` field', async () => {
    const harness = createHarness();
    const inner = harness.engine('inner');
    const outer = harness.engine('outer');
    const supervisorLike = Object.assign(outer, { engine: inner });
    const group = createSwapGroup({ members: { A: supervisorLike } });
    await group.acquire('A');
    expect(harness.log).toEqual(['start outer']);
  });
});
