import type { StreamEvent, TaskError } from '@orch/adapter-api';
import type { TaskClient, TaskClientListener } from '../tasks/task-client.js';
import type { TaskDialect } from '../tasks/task-dialect.js';

/**
 * What every transport of a streamed answer shares: the dialect's text of the events sent in one turn of the
 * event loop is gathered and written as one chunk (one write for all the tokens of an engine chunk), and a
 * waiting task gets keep-alives. Subclasses write a chunk and report whether the client keeps up.
 */
export abstract class BufferedTaskClient implements TaskClient {
  opened = false;
  protected ended = false;
  private pending = '';
  private flushScheduled = false;
  private keepalive: NodeJS.Timeout | undefined;
  private readonly flushNow = () => this.flush();

  constructor(
    protected readonly dialect: TaskDialect,
    protected readonly listener: TaskClientListener,
    private readonly keepaliveMs: number,
  ) {}

  wait(notice: string): void {
    if (this.ended) return;
    this.open();
    this.enqueue(this.dialect.encodeComment(notice));
    if (this.keepalive === undefined && this.keepaliveMs > 0) {
      this.keepalive = setInterval(
        () => this.enqueue(this.dialect.encodeComment('keep-alive')),
        this.keepaliveMs,
      );
      this.keepalive.unref();
    }
  }

  send(event: StreamEvent): void {
    if (this.ended) return;
    if (this.keepalive !== undefined) {
      clearInterval(this.keepalive);
      this.keepalive = undefined;
    }
    this.open();
    this.enqueue(this.dialect.encodeEvent(event));
  }

  end(): void {
    if (this.ended) return;
    clearInterval(this.keepalive);
    this.ended = true;
    // The last events go out with the end of the answer: one write, not two.
    const last = this.pending;
    this.pending = '';
    this.close(last);
  }

  /** A streamed answer opens before its task can fail unseen: a late refusal is an error event. */
  refuse(error: TaskError): void {
    this.send(error.toEvent());
    this.end();
  }

  /** Stops writing without ending the answer normally (the client is gone). */
  protected abandon(): void {
    this.ended = true;
    this.pending = '';
    clearInterval(this.keepalive);
  }

  private enqueue(text: string): void {
    if (text.length === 0) return;
    this.pending += text;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flushNow);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.ended) return;
    const chunk = this.pending;
    this.pending = '';
    if (!this.write(chunk)) this.listener.pauseEngine();
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    this.begin();
  }

  /** Sends the status and headers of a streamed answer. */
  protected abstract begin(): void;
  /** Writes one chunk; false when the client's buffer is full (the subclass calls `resumeEngine` later). */
  protected abstract write(chunk: string): boolean;
  /** Ends the answer, writing `last` (possibly empty) with its end. */
  protected abstract close(last: string): void;
}
