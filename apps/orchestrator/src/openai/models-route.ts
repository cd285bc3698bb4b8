import { TaskError } from '@orch/adapter-api';
import { Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { createOpenAiErrorResponse } from './openai-error-envelope.js';

/** `GET /v1/models` and `GET /v1/models/{model}`: one entry per pool model, in the OpenAI list shape. */
export function createModelsRoute(deps: AppDeps): Hono {
  const app = new Hono();
  // When the orchestrator started: pools are fixed for the life of the process.
  const created = Math.floor(Date.now() / 1000);
  const describe = (model: string) => ({ id: model, object: 'model', created, owned_by: 'orch' });
  app.get('/', (c) =>
    c.json({ object: 'list', data: deps.pools.map((pool) => describe(pool.config.model)) }),
  );
  app.get('/:model{.+}', (c) => {
    const model = c.req.param('model');
    if (!deps.pools.some((pool) => pool.config.model === model)) {
      return createOpenAiErrorResponse(new TaskError('unknown_model', `No pool serves model "${model}".`), {
        param: 'model',
      });
    }
    return c.json(describe(model));
  });
  return app;
}
