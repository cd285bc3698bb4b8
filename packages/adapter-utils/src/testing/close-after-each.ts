import { afterEach } from 'vitest';

/** Anything a test starts and must stop: a fixture server, a fake engine. */
export interface Closable {
  /** Stops it; called once after each test. */
  close(): Promise<void>;
}

/** The resource the running test started last, closed by an `afterEach` hook. */
export interface ClosedAfterEach<T extends Closable> {
  /** The resource started last in the running test, or `undefined` before one starts and after the test. */
  readonly current: T | undefined;
  /** Remembers `resource` as the current one (the one closed after the test) and returns it. */
  track(resource: T): T;
}

/**
 * Registers an `afterEach` hook that closes the resource tracked last in each test, so a test can start a
 * server without its own cleanup. Call it at the top level of a test file (or inside a `describe`).
 */
export function closeAfterEach<T extends Closable>(): ClosedAfterEach<T> {
  let current: T | undefined;
  afterEach(async () => {
    const resource = current;
    current = undefined;
    await resource?.close();
  });
  return {
    get current() {
      return current;
    },
    track(resource) {
      current = resource;
      return resource;
    },
  };
}
