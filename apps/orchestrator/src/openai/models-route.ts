import { TaskError } from '@orch/adapter-api';
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import { identifyClient } from '../security/client-identity.js';
import { createOpenAiErrorResponse } from './openai-error-envelope.js';

/**
 * `GET /v1/models` and `GET /v1/models/{model}`: one entry per pool model, in the OpenAI list shape. A key
 * limited to some models sees those only; any other is as unknown to it as a model nobody serves (ORCH-SEC-006).
 */
export function createModelsRoute(deps: AppDeps): Hono {
  const app = new Hono();
  // When the orchestrator started: pools are fixed for the life of the process.
  const created = Math.floor(Date.now() / 1000);
  const describe = (model: string) => ({ id: model, object: 'model', created, owned_by: 'orch' });
  const visibleModels = (c: Context) => {
    const scope = identifyClient(c).models;
    const models = deps.pools.map((pool) => pool.config.model);
    return scope === undefined ? models : models.filter((model) => scope.has(model));
  };
  app.get('/', (c) => c.json({ object: 'list', data: visibleModels(c).map(describe) }));
  app.get('/:model{.+}', (c) => {
    const model = c.req.param('model');
    if (!visibleModels(c).includes(model)) {
      return createOpenAiErrorResponse(new TaskError('unknown_model', `No pool serves model "${model}".`), {
        param: 'model',
      });
    }
    return c.json(describe(model));
  });
  return app;
}
