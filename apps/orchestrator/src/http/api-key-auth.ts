import { createHash, timingSafeEqual } from 'node:crypto';
import { TaskError } from '@orch/adapter-api';
import type { MiddlewareHandler } from 'hono';
import { createErrorResponse } from './error-response.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The key a request presents: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function presentedApiKey(headers: Headers): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match?.[1];
  }
  return headers.get('x-api-key') ?? undefined;
}

/**
 * Requires one of `keys`. Keys are compared as SHA-256 digests with `timingSafeEqual`, against every
 * configured key without stopping early, so timing reveals neither the key nor which key matched.
 */
export function createApiKeyAuth(keys: readonly string[]): MiddlewareHandler {
  const digests = keys.map(digest);
  return async (c, next) => {
    const presented = presentedApiKey(c.req.raw.headers);
    let accepted = false;
    if (presented !== undefined) {
      const candidate = digest(presented);
      for (const known of digests) accepted = timingSafeEqual(candidate, known) || accepted;
    }
    if (!accepted) {
      const response = createErrorResponse(new TaskError('unauthorized', 'A valid API key is required.'));
      response.headers.set('www-authenticate', 'Bearer');
      return response;
    }
    await next();
  };
}
