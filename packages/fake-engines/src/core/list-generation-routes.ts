import type { ServerResponse } from 'node:http';
import type { FakeRequest } from './fake-request.js';
import type { Route } from './route-table.js';

/**
 * The POST routes of an engine that generate: one path per kind of answer (e.g. `/api/chat` → `chat`), all
 * handled by the engine's one generation handler, told which kind the path asks for.
 */
export function listGenerationRoutes<Kind extends string>(
  kindOfPath: Readonly<Record<string, Kind>>,
  handle: (request: FakeRequest, response: ServerResponse, kind: Kind) => Promise<void>,
): Route[] {
  return Object.entries(kindOfPath).map(([path, kind]) => ({
    methods: ['POST'],
    path,
    handle: (request, response) => handle(request, response, kind),
  }));
}
