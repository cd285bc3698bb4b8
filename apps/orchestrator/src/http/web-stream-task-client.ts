import type { TaskClientListener } from '../tasks/task-client.js';
import type { TaskDialect } from '../tasks/task-dialect.js';
import { BufferedTaskClient } from './buffered-task-client.js';

/**
 * A streamed answer as a web `ReadableStream` body, for runtimes without a Node response (`app.request` in tests,
 * other fetch-style servers). One chunk is held at most: the engine read pauses until the reader pulls.
 */
export class WebStreamTaskClient extends BufferedTaskClient {
  readonly body: ReadableStream<Uint8Array>;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  constructor(dialect: TaskDialect, listener: TaskClientListener, keepaliveMs: number) {
    super(dialect, listener, keepaliveMs);
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => listener.resumeEngine(),
        cancel: () => {
          if (this.ended) return;
          this.abandon();
          listener.clientGone();
        },
      },
      { highWaterMark: 1 },
    );
  }

  /** The answer as a Response (status 200 and the dialect's headers). */
  toResponse(): Response {
    return new Response(this.body, { status: 200, headers: this.dialect.streamHeaders });
  }

  protected begin(): void {}

  protected write(chunk: string): boolean {
    const controller = this.controller as ReadableStreamDefaultController<Uint8Array>;
    controller.enqueue(Buffer.from(chunk, 'utf8'));
    return (controller.desiredSize ?? 0) > 0;
  }

  protected close(last: string): void {
    if (last.length > 0) this.controller?.enqueue(Buffer.from(last, 'utf8'));
    this.controller?.close();
  }
}
