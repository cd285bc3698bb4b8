import { closeAfterEach } from './close-after-each.js';
import {
  type FixtureRoute,
  type FixtureServer,
  type RecordedRequest,
  startFixtureServer,
} from './start-fixture-server.js';

/** A fixture server started per test and closed after it. */
export interface FixtureServerPerTest {
  /** Starts the test's server with the base routes, `routes` added over them (replacing equal keys). */
  start(routes?: Record<string, FixtureRoute>): Promise<FixtureServer>;
  /** The server the running test started last, if any. */
  readonly current: FixtureServer | undefined;
  /** The requests the current server received whose path (query string included) is exactly `path`. */
  requestsTo(path: string): RecordedRequest[];
}

/**
 * Registers an `afterEach` hook that closes the fixture server each test starts with `start`. `baseRoutes`
 * gives the engine's usual routes (called once per start, so each test gets fresh ones).
 */
export function createFixtureServerPerTest(
  baseRoutes: () => Record<string, FixtureRoute> = () => ({}),
): FixtureServerPerTest {
  const servers = closeAfterEach<FixtureServer>();
  return {
    async start(routes = {}) {
      return servers.track(await startFixtureServer({ ...baseRoutes(), ...routes }));
    },
    get current() {
      return servers.current;
    },
    requestsTo(path) {
      return servers.current?.requests.filter((request) => request.path === path) ?? [];
    },
  };
}
