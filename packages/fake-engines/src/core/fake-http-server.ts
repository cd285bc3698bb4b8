import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';

/** Where and how the fake listens. */
export interface FakeHttpServerOptions {
  /** Interface to bind; 127.0.0.1 by default. */
  host: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** The request handler. */
  handler: (request: IncomingMessage, response: ServerResponse) => void;
}

/**
 * A `node:http` server whose listening socket can be closed and reopened on the same port at run time (the
 * `refuse` and loading faults), and whose `close()` destroys every open connection at once.
 */
export class FakeHttpServer {
  private readonly http: Server;
  private listener: NetServer | null = null;
  private readonly sockets = new Set<Socket>();
  private boundPort: number;
  private closed = false;

  constructor(private readonly options: FakeHttpServerOptions) {
    this.boundPort = options.port;
    this.http = createHttpServer({ keepAliveTimeout: 5_000 }, options.handler);
  }

  /** The bound port (valid after {@link listen}). */
  get port(): number {
    return this.boundPort;
  }

  /** Whether new connections are accepted right now. */
  get accepting(): boolean {
    return this.listener !== null;
  }

  /** Starts accepting connections; the first call fixes the port, later calls reuse it. */
  async listen(): Promise<void> {
    if (this.listener !== null || this.closed) return;
    const listener = createNetServer((socket) => this.adopt(socket));
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen({ host: this.options.host, port: this.boundPort }, () => {
        listener.off('error', reject);
        resolve();
      });
    });
    const address = listener.address();
    if (address !== null && typeof address === 'object') this.boundPort = address.port;
    this.listener = listener;
  }

  /** Stops accepting connections and destroys the open ones, like a process that went away. */
  async stopListening(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    for (const socket of this.sockets) socket.destroy();
    if (listener !== null) await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  /** Closes everything now: the listener and every connection, mid-stream or idle. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stopListening();
    this.http.close();
  }

  private adopt(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    this.http.emit('connection', socket);
  }
}
