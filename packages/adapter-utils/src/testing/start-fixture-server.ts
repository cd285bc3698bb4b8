import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One piece of a replayed body: text or bytes written as one chunk, a pause, a stall (nothing more until the
 * client goes away), or an abrupt connection reset.
 */
export type FixtureChunk = string | Uint8Array | { delayMs: number } | { stall: true } | { destroy: true };

/** A canned answer. `chunks` streams piece by piece; `body` is written at once. */
export interface FixtureReply {
  /** HTTP status; default 200. */
  status?: number;
  /** Response headers. */
  headers?: Record<string, string>;
  /** Whole body. */
  body?: string | Uint8Array;
  /** Streamed body, flushed chunk by chunk. */
  chunks?: readonly FixtureChunk[];
}

/** A request the server received. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Path with query string. */
  path: string;
  /** Request headers. */
  headers: IncomingHttpHeaders;
  /** The raw body text. */
  bodyText: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
  /** Set once the client closed the connection before the answer was complete (a cancel or a timeout). */
  closedByClient: boolean;
}

/** A route: a fixed reply, or a function of the request. */
export type FixtureRoute =
  | FixtureReply
  | ((request: RecordedRequest) => FixtureReply | Promise<FixtureReply>);

/** A running fixture server. */
export interface FixtureServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The ephemeral port. */
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Adds or replaces the route for `"METHOD /path"` (the path without its query string). */
  setRoute(key: string, route: FixtureRoute): void;
  /** Resolves once `predicate` holds, polling every 10 ms; rejects after `timeoutMs` (default 2000). */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function writeChunks(response: ServerResponse, chunks: readonly FixtureChunk[]): Promise<void> {
  for (const chunk of chunks) {
    if (response.destroyed) return;
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
      response.write(chunk);
    } else if ('delayMs' in chunk) {
      await new Promise((resolve) => setTimeout(resolve, chunk.delayMs));
    } else if ('stall' in chunk) {
      await new Promise((resolve) => response.once('close', resolve));
      return;
    } else {
      response.socket?.destroy();
      return;
    }
  }
  response.end();
}

/**
 * Starts an HTTP server on 127.0.0.1 and an ephemeral port that replays fixture replies by route, records
 * every request, and notices when a client goes away mid-answer. Unknown routes answer 404 with a JSON body.
 */
export async function startFixtureServer(routes: Record<string, FixtureRoute> = {}): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const parts: Buffer[] = [];
    for await (const part of incoming) parts.push(part as Buffer);
    const bodyText = Buffer.concat(parts).toString('utf8');
    const path = incoming.url ?? '/';
    const recorded: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path,
      headers: incoming.headers,
      bodyText,
      json: parseJson(bodyText),
      closedByClient: false,
    };
    requests.push(recorded);
    response.on('close', () => {
      if (!response.writableFinished) recorded.closedByClient = true;
    });
    const route = table.get(`${recorded.method} ${path.split('?')[0]}`);
    const reply: FixtureReply =
      route === undefined
        ? {
            status: 404,
            headers: { 'content-type': 'application/json' },
            body: '{"error":"no fixture route"}',
          }
        : typeof route === 'function'
          ? await route(recorded)
          : route;
    response.writeHead(reply.status ?? 200, reply.headers ?? {});
    if (reply.chunks !== undefined) {
      response.flushHeaders();
      await writeChunks(response, reply.chunks);
    } else {
      response.end(reply.body ?? '');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setRoute: (key, route) => table.set(key, route),
    async waitFor(predicate, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port just released), for "connection refused" tests. */
export async function findRefusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Cuts text into byte chunks of `size` bytes, so that multi-byte UTF-8 characters end up split across
 * network chunks the way they can be on a real connection.
 */
export function splitIntoByteChunks(text: string, size: number): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    chunks.push(new Uint8Array(bytes.subarray(offset, offset + size)));
  }
  return chunks;
}
