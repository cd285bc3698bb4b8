import { createHash, timingSafeEqual } from 'node:crypto';
import { TaskError } from '@orch/adapter-api';
import type { MiddlewareHandler } from 'hono';
import type { ApiKeyGrant } from '../security/api-key-grant.js';
import type { ClientIdentity } from '../security/client-identity.js';
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

function toGrant(key: string | ApiKeyGrant, index: number): ApiKeyGrant {
  return typeof key === 'string' ? { key, name: `key-${index + 1}` } : key;
}

/**
 * Requires one of `keys`. Keys are compared as SHA-256 digests with `timingSafeEqual`, against every
 * configured key without stopping early, so timing reveals neither the key nor which key matched. The
 * matched key becomes the request's {@link ClientIdentity}: the owner of its tasks and its model scope.
 */
export function createApiKeyAuth(keys: readonly (string | ApiKeyGrant)[]): MiddlewareHandler {
  const known = keys.map((key, index) => {
    const grant = toGrant(key, index);
    const identity: ClientIdentity = {
      owner: `key:${grant.name}`,
      authenticated: true,
      ...(grant.models === undefined ? {} : { models: new Set(grant.models) }),
      ...(grant.operator === true ? { operator: true } : {}),
    };
    return { digest: digest(grant.key), identity };
  });
  return async (c, next) => {
    const presented = presentedApiKey(c.req.raw.headers);
    let matched: ClientIdentity | undefined;
    if (presented !== undefined) {
      const candidate = digest(presented);
      for (const entry of known) {
        const equal = timingSafeEqual(candidate, entry.digest);
        matched = equal ? entry.identity : matched;
      }
    }
    if (matched === undefined) {
      const response = createErrorResponse(new TaskError('unauthorized', 'A valid API key is required.'));
      response.headers.set('www-authenticate', 'Bearer');
      return response;
    }
    c.set('clientIdentity', matched);
    await next();
  };
}
