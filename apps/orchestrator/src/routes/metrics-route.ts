import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';

/** `GET /metrics` in the Prometheus text exposition format. */
export function createMetricsRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const body = await (deps.scrapeMetrics?.() ?? deps.metrics.registry.metrics());
    return c.body(body, 200, { 'content-type': deps.metrics.registry.contentType });
  });
  return app;
}
