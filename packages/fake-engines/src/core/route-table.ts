import type { ServerResponse } from 'node:http';
import type { FakeRequest } from './fake-request.js';

/** Handles one matched route; `params` holds the named groups of a RegExp path. */
export type RouteHandler = (
  request: FakeRequest,
  response: ServerResponse,
  params: Record<string, string>,
) => Promise<void> | void;

/** One route: methods, an exact path or a RegExp with named groups, and its handler. */
export interface Route {
  /** Accepted methods (upper case). */
  methods: readonly string[];
  /** Exact path or a pattern (anchored by the caller: write `^…$`). */
  path: string | RegExp;
  /** The handler. */
  handle: RouteHandler;
}

/** Result of {@link matchRoute}. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

/** Finds the route for a method and path; a known path with another method is `method-not-allowed`. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    let params: Record<string, string> | null = null;
    if (typeof route.path === 'string') {
      if (route.path === path) params = {};
    } else {
      const match = route.path.exec(path);
      if (match !== null) params = { ...(match.groups ?? {}) };
    }
    if (params === null) continue;
    pathMatched = true;
    if (route.methods.includes(method) || (method === 'HEAD' && route.methods.includes('GET'))) {
      return { kind: 'found', route, params };
    }
  }
  return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
}

/** A request no route takes: no route has its path, or none with that path takes its method. */
export type RouteMiss = Exclude<RouteMatch['kind'], 'found'>;

/** Options of {@link createRouteHandler}. */
export interface RouteHandlerOptions {
  /** Answers a request no route takes, the way the engine does. */
  answerMiss(response: ServerResponse, miss: RouteMiss): void;
  /** Runs once a route matched, before it handles; returns false when it has answered itself (e.g. a 401). */
  admit?(request: FakeRequest, response: ServerResponse): boolean;
}

/** The handler of an engine's route table: the matched route handles the request, anything else is a miss. */
export function createRouteHandler(
  routes: readonly Route[],
  options: RouteHandlerOptions,
): (request: FakeRequest, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const match = matchRoute(routes, request.method, request.path);
    if (match.kind !== 'found') return options.answerMiss(response, match.kind);
    if (options.admit !== undefined && !options.admit(request, response)) return;
    await match.route.handle(request, response, match.params);
  };
}
