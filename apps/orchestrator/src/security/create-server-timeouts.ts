import type { ServerOptions } from 'node:http';
import type { OrchestratorConfig } from '../config/config-schema.js';

/** How often Node checks open requests against the header and request timeouts, ms, at most. */
const MAX_CHECK_INTERVAL_MS = 1_000;

/**
 * Node's HTTP server timeouts from the config, never Node's defaults (ORCH-SEC-016): a request's headers and
 * its whole body must arrive within their limits, so a body sent drop by drop cannot hold a socket for the
 * 300 s Node would allow; idle keep-alive connections close. Node checks the timeouts every
 * `connectionsCheckingInterval` (30 s by default): it runs often enough here that a timeout is kept to
 * within a second.
 */
export function createServerTimeouts(server: OrchestratorConfig['server']): ServerOptions {
  return {
    headersTimeout: server.headers_timeout_ms,
    requestTimeout: server.request_timeout_ms,
    keepAliveTimeout: server.keep_alive_timeout_ms,
    connectionsCheckingInterval: Math.min(MAX_CHECK_INTERVAL_MS, server.headers_timeout_ms),
  };
}
