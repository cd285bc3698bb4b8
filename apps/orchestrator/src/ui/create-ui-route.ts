import { TaskError } from '@orch/adapter-api';
import { type Context, Hono } from 'hono';
import type { OrchestratorConfig } from '../config/config-schema.js';
import type { AppDeps } from '../deps/app-deps.js';
import { createErrorResponse } from '../http/error-response.js';
import { loadUiAssets } from './load-ui-assets.js';
import type { UiAsset } from './ui-asset.js';

/** The page's own folder; the build copies it beside the compiled route, so the same URL works from dist. */
const ASSETS_DIRECTORY = new URL('./assets/', import.meta.url);

/**
 * Only this origin's files, no inline script or style, no plugins, no framing, no form posts elsewhere
 * (ORCH-UIP-002): data shown on the page can never become code.
 */
export const UI_CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'none'";

function answerAsset(asset: UiAsset, ifNoneMatch: string | undefined): Response {
  const headers = new Headers({
    'content-type': asset.contentType,
    etag: asset.etag,
    // Revalidated on every load: a new build is seen at once, an unchanged file costs a 304.
    'cache-control': 'no-cache',
    'content-security-policy': UI_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === asset.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(asset.body, { status: 200, headers });
}

function notFound(path: string): Response {
  return createErrorResponse(new TaskError('not_found', `No status page file at ${path}.`));
}

/**
 * Whether the page is served at all (ORCH-UIP-004): `ui.enabled`, and, without `server.auth`, an `ui.anonymous`
 * that is not `off` (the same rule as `/v1/events`: a page with nothing to read is not offered).
 */
function servesPage(config: OrchestratorConfig, authOn: boolean): boolean {
  return config.ui.enabled && (authOn || config.ui.anonymous !== 'off');
}

/**
 * `GET /ui` (the status page) and `GET /ui/assets/<file>` (its scripts and styles), read from `src/ui/assets` once
 * and served from memory with an ETag (ORCH-UIP-001). The page holds no data: everything it shows comes from
 * `/v1/events` and the API, under the API's own authentication.
 */
export function createUiRoute(deps: AppDeps, options: { assetsDirectory?: URL } = {}): Hono {
  const app = new Hono();
  if (!servesPage(deps.config, deps.apiKeys.length > 0)) {
    app.all('*', (c) => notFound(c.req.path));
    return app;
  }
  let assets: Promise<ReadonlyMap<string, UiAsset>> | undefined;
  const readAssets = () => {
    assets ??= loadUiAssets(options.assetsDirectory ?? ASSETS_DIRECTORY);
    return assets;
  };
  const serve = async (name: string, path: string, ifNoneMatch: string | undefined) => {
    const asset = (await readAssets()).get(name);
    return asset === undefined ? notFound(path) : answerAsset(asset, ifNoneMatch);
  };
  const servePage = (c: Context) => serve('index.html', c.req.path, c.req.header('if-none-match'));
  app.get('/', servePage);
  app.get('/assets/:name', (c) => serve(c.req.param('name'), c.req.path, c.req.header('if-none-match')));
  return app;
}
