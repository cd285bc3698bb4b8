import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/create-metrics.js';

/** The caps of {@link guardConnections} (`server.max_connections`, `server.max_connections_per_client`). */
export interface ConnectionCaps {
  /** Open client connections in all; 0: no cap. */
  maxConnections: number;
  /** Open connections from one address; 0: no cap. */
  maxConnectionsPerClient: number;
}

/** A refusal is logged at most this often, with the number refused since the last line. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

function refusalResponse(message: string): string {
  const body = JSON.stringify({
    error: { code: 'too_many_connections', message, retriable: true, retry_after_ms: 1_000 },
  });
  return [
    'HTTP/1.1 503 Service Unavailable',
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'retry-after: 1',
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Caps the server's open connections, in all and per client address (ORCH-SEC-016). One more is answered at
 * once with `503 too_many_connections` (a complete HTTP answer, then the socket closes) before Node's HTTP
 * parser reads anything from it, counted in `orch_http_connections_refused_total` and logged (rate-limited).
 */
export function guardConnections(
  server: Server,
  caps: ConnectionCaps,
  deps: { logger: Logger; metrics: Metrics },
): void {
  const perAddress = new Map<string, number>();
  let open = 0;
  let refusedSinceLog = 0;
  let lastLogAt = 0;

  const refuse = (socket: Socket, reason: 'total' | 'per_client', message: string) => {
    deps.metrics.httpConnectionsRefused.inc({ reason });
    refusedSinceLog += 1;
    const now = Date.now();
    if (now - lastLogAt >= REFUSAL_LOG_INTERVAL_MS) {
      deps.logger.warn('connections refused: limit reached', {
        reason,
        refused: refusedSinceLog,
        open,
        max_connections: caps.maxConnections,
        max_connections_per_client: caps.maxConnectionsPerClient,
      });
      lastLogAt = now;
      refusedSinceLog = 0;
    }
    // Our answer goes out before the HTTP parser sees the request; it never answers on a closed socket.
    socket.end(refusalResponse(message));
    socket.setTimeout(1_000, () => socket.destroy());
  };

  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = perAddress.get(address) ?? 0;
    if (caps.maxConnections > 0 && open >= caps.maxConnections) {
      refuse(socket, 'total', `The server holds its maximum of ${caps.maxConnections} open connections.`);
      return;
    }
    if (caps.maxConnectionsPerClient > 0 && fromAddress >= caps.maxConnectionsPerClient) {
      refuse(
        socket,
        'per_client',
        `This address holds its maximum of ${caps.maxConnectionsPerClient} open connections.`,
      );
      return;
    }
    open += 1;
    perAddress.set(address, fromAddress + 1);
    deps.metrics.httpConnections.set(open);
    socket.once('close', () => {
      open -= 1;
      const remaining = (perAddress.get(address) ?? 1) - 1;
      if (remaining === 0) perAddress.delete(address);
      else perAddress.set(address, remaining);
      deps.metrics.httpConnections.set(open);
    });
  });
}
