import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which requests a fault applies to; the others pass through untouched (health, properties, tokenize…). */
export type RequestMatcher = (request: { method: string; path: string }) => boolean;

/**
 * A fault a {@link FaultProxy} injects into the requests that `match`:
 * - `respond`: answer at once with this status and body, as a failing engine would, before any stream;
 * - `reset`: destroy the connection as soon as the request arrives (connection reset, no response);
 * - `cut-after-events`: forward the engine's response, then destroy the connection right after `events`
 *   complete events of its body (SSE events ended by a blank line, or NDJSON lines), as if the engine died
 *   mid-stream.
 */
export type ProxyFault =
  | { kind: 'none' }
  | { kind: 'respond'; match: RequestMatcher; status: number; body: string; contentType?: string }
  | { kind: 'reset'; match: RequestMatcher }
  | { kind: 'cut-after-events'; match: RequestMatcher; events: number; framing?: 'sse' | 'ndjson' };

/** A fault-injecting HTTP proxy in front of an engine, on 127.0.0.1. */
export interface FaultProxy {
  /** Base URL of the proxy, to give the adapter instead of the engine's. */
  url: string;
  /** Replaces the fault for later requests. */
  setFault(fault: ProxyFault): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts a proxy that forwards to `targetUrl` and injects {@link ProxyFault}s, so that any HTTP engine can be
 * made to fail before or during a stream without a fork of the engine. Listens on an ephemeral port.
 */
export async function startFaultProxy(
  targetUrl: string,
  initialFault: ProxyFault = { kind: 'none' },
): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  let fault = initialFault;
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    const active =
      fault.kind !== 'none' && fault.match({ method: incoming.method ?? 'GET', path }) ? fault : undefined;
    if (active?.kind === 'reset') {
      incoming.socket.destroy();
      return;
    }
    if (active?.kind === 'respond') {
      incoming.resume();
      outgoing.writeHead(active.status, { 'content-type': active.contentType ?? 'application/json' });
      outgoing.end(active.body);
      return;
    }
    forward(target, incoming, outgoing, active?.kind === 'cut-after-events' ? active : undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault(next) {
      fault = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forward(
  target: URL,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  cut: { events: number; framing?: 'sse' | 'ndjson' } | undefined,
): void {
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: incoming.method,
      path: incoming.url,
      headers: { ...incoming.headers, host: target.host },
    },
    (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      if (cut === undefined) {
        response.pipe(outgoing);
        return;
      }
      const counter = createEventCounter(cut.framing ?? 'sse');
      let remaining = cut.events;
      response.on('data', (chunk: Buffer) => {
        if (remaining <= 0) return;
        const { consumed, events } = counter.scan(chunk, remaining);
        remaining -= events;
        outgoing.write(chunk.subarray(0, consumed));
        if (remaining <= 0) {
          response.destroy();
          // Let the written bytes leave before the reset, so the client sees the events, then the cut.
          setTimeout(() => outgoing.socket?.destroy(), 20);
        }
      });
      response.on('end', () => outgoing.end());
    },
  );
  upstream.on('error', () => outgoing.socket?.destroy());
  incoming.on('aborted', () => upstream.destroy());
  outgoing.on('close', () => upstream.destroy());
  incoming.pipe(upstream);
}

/** Counts complete events in a byte stream: a blank line ends an SSE event, a newline an NDJSON line. */
function createEventCounter(framing: 'sse' | 'ndjson') {
  let lineLength = 1;
  return {
    /** Scans `chunk` until `limit` events have ended; returns the bytes up to there and the events seen. */
    scan(chunk: Buffer, limit: number): { consumed: number; events: number } {
      let events = 0;
      for (let index = 0; index < chunk.length; index += 1) {
        const byte = chunk[index];
        if (byte === 0x0a) {
          if (framing === 'ndjson' ? lineLength > 0 : lineLength === 0) events += 1;
          lineLength = 0;
          if (events === limit) return { consumed: index + 1, events };
        } else if (byte !== 0x0d) {
          lineLength += 1;
        }
      }
      return { consumed: chunk.length, events };
    },
  };
}
