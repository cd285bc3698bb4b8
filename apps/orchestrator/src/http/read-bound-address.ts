import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The base URL (`http://host:port`) of the socket the request came in on: the address the server is bound to
 * (never the configured port 0). Under `app.request`, which has no socket, the request URL's origin.
 */
export function readBoundAddress(c: Context): string {
  const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
  const address = socket?.localAddress;
  if (socket === undefined || address === undefined || socket.localPort === undefined) {
    return new URL(c.req.url).origin;
  }
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${socket.localPort}`;
}
