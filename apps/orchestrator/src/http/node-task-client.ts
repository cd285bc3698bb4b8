import type { ServerResponse } from 'node:http';
import type { TaskClientListener } from '../tasks/task-client.js';
import type { TaskDialect } from '../tasks/task-dialect.js';
import { BufferedTaskClient } from './buffered-task-client.js';

/** The header that tells @hono/node-server the route wrote its answer to the socket itself. */
export const ANSWER_ALREADY_SENT = { 'x-hono-already-sent': '1' } as const;

/**
 * A streamed answer written straight to Node's response (no web stream per task): a full socket buffer pauses
 * the engine read until the socket drains, and a socket closed before the end is a client that went away.
 */
export class NodeTaskClient extends BufferedTaskClient {
  private waitingForDrain = false;
  private readonly onDrain = () => {
    if (!this.waitingForDrain) return;
    this.waitingForDrain = false;
    this.listener.resumeEngine();
  };
  /**
   * Node 24 holds a chunked answer's writes in the response itself while it is corked (until the next tick) and
   * may report it full although the socket then takes it all at once, in which case no 'drain' follows: once the
   * held writes went out, a response that is no longer full resumes the engine read without waiting for one.
   */
  private readonly checkFlushed = () => {
    if (this.waitingForDrain && this.response.writableLength < this.response.writableHighWaterMark)
      this.onDrain();
  };

  constructor(
    private readonly response: ServerResponse,
    dialect: TaskDialect,
    listener: TaskClientListener,
    keepaliveMs: number,
  ) {
    super(dialect, listener, keepaliveMs);
    response.once('close', () => {
      if (!this.ended) {
        this.abandon();
        listener.clientGone();
      }
    });
  }

  /** The headers go out with the first chunk, which follows in the same turn: one write. */
  protected begin(): void {
    this.response.writeHead(200, this.dialect.streamHeaders);
  }

  protected write(chunk: string): boolean {
    const ok = this.response.write(chunk);
    if (!ok && !this.waitingForDrain) {
      this.waitingForDrain = true;
      this.response.once('drain', this.onDrain);
      setImmediate(this.checkFlushed);
    }
    return ok;
  }

  protected close(last: string): void {
    if (last.length > 0) this.response.end(last);
    else this.response.end();
  }
}
