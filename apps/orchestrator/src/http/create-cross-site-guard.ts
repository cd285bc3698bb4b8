import { TaskError } from '@orch/adapter-api';
import type { MiddlewareHandler } from 'hono';
import { isWildcardAddress } from '../security/is-wildcard-address.js';
import { createErrorResponse } from './error-response.js';

/** Names a loopback-bound orchestrator is reached by. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];
/** Probes come from anywhere a deployment puts them, and these answers reveal nothing worth a rebinding. */
const OPEN_PATHS = new Set(['/healthz', '/readyz']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** The host names accepted by default: the loopback names and the bound address unless it is a wildcard. */
export function defaultAllowedHosts(boundHost: string): string[] {
  const host = boundHost.toLowerCase();
  return isWildcardAddress(host) || LOOPBACK_NAMES.includes(host)
    ? LOOPBACK_NAMES
    : [...LOOPBACK_NAMES, host];
}

function hostnameOf(origin: string): string | undefined {
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function refuse(message: string): Response {
  return createErrorResponse(new TaskError('forbidden', message));
}

/**
 * Refuses what a web page in the user's browser could send to an orchestrator without authentication
 * (ORCH-SEC-015): a `Host` outside `allowedHosts` (DNS rebinding), an `Origin` outside them (a cross-site
 * `fetch` or form), and a POST body that is not declared JSON (a "simple" cross-site request needs no CORS
 * preflight only when it is not JSON). `"*"` in `allowedHosts` turns the name checks off.
 */
export function createCrossSiteGuard(allowedHosts: readonly string[]): MiddlewareHandler {
  const anyHost = allowedHosts.includes('*');
  const allowed = new Set(allowedHosts.map((host) => host.toLowerCase()));
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (c.req.method === 'GET' && OPEN_PATHS.has(url.pathname)) return next();
    if (!anyHost && !allowed.has(url.hostname.toLowerCase())) {
      return refuse(`Host "${url.hostname}" is not an allowed name of this server (server.allowed_hosts).`);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !anyHost) {
      const originHost = hostnameOf(origin);
      if (originHost === undefined || !allowed.has(originHost)) {
        return refuse('Cross-origin requests are refused (the Origin is not in server.allowed_hosts).');
      }
    }
    if (c.req.method === 'POST') {
      const length = c.req.header('content-length');
      const framed = c.req.header('transfer-encoding') !== undefined || length !== undefined;
      // Under `app.request` a body has no framing headers: the request's own stream tells.
      const hasBody = framed ? length !== '0' : c.req.raw.body !== null;
      const type = c.req.header('content-type');
      if (hasBody && (type === undefined || !JSON_TYPE.test(type))) {
        return createErrorResponse(
          new TaskError(
            'unsupported_media_type',
            'A request body must be sent as Content-Type: application/json.',
          ),
        );
      }
    }
    return next();
  };
}
