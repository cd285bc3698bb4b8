import { Agent, createServer, request, type Server } from 'node:http';

/**
 * The floor for a Node.js relay: forwards each request to `upstream` and pipes the answer back byte for byte.
 * It parses nothing (no SSE, no JSON), keeps upstream connections alive, and closes the upstream request when
 * the client goes away. Hop-by-hop headers are left to node:http.
 */
export function createPassthroughProxy(upstream: URL): Server {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  return createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers, host: upstream.host };
    delete headers.connection;
    const forwarded = request(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
      else outgoing.destroy();
    });
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) forwarded.destroy();
    });
    incoming.pipe(forwarded);
  });
}
