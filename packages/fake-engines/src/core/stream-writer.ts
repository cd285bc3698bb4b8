import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

const FIRST_NON_ASCII = /[\u0080-\uffff]/;

/** Resolves after `ms`, or early when `signal` aborts; never rejects. */
export async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return;
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

/**
 * Buffers framed events and writes them to the response in batches (one `write` per batch, one event per token
 * inside it), honouring back-pressure, and writes keep-alive comments while the stream is idle.
 */
export class StreamWriter {
  private parts: string[] = [];
  private pendingLength = 0;
  private lastWriteAt = Date.now();
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly response: ServerResponse,
    private readonly closed: AbortSignal,
  ) {}

  /** Characters buffered and not yet written. */
  get pending(): number {
    return this.pendingLength;
  }

  /** Queues framed text for the next {@link flush}. */
  append(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.pendingLength += text.length;
  }

  /** Writes everything queued as one chunk; waits for `drain` when the socket is full. */
  async flush(): Promise<void> {
    if (this.pendingLength === 0) return;
    const data = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.pendingLength = 0;
    await this.write(data);
  }

  /**
   * Flushes, then writes `text` in two writes split inside its first multi-byte character, with a short pause
   * between them so the halves travel in separate TCP segments (the `splitMultibyte` fault).
   */
  async writeSplit(text: string): Promise<void> {
    await this.flush();
    const match = FIRST_NON_ASCII.exec(text);
    if (match === null) {
      await this.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    const cut = Buffer.byteLength(text.slice(0, match.index), 'utf8') + 1;
    await this.write(bytes.subarray(0, cut));
    await sleepUnlessAborted(2, this.closed);
    await this.write(bytes.subarray(cut));
  }

  /** Writes `comment` (e.g. `:\n\n`) whenever nothing has been written for `everyMs`. */
  startKeepAlive(everyMs: number | undefined, comment: string): void {
    if (everyMs === undefined || everyMs <= 0) return;
    this.keepAliveTimer = setInterval(
      () => {
        if (this.closed.aborted || this.response.writableEnded) return this.stopKeepAlive();
        if (!this.response.headersSent || this.pendingLength > 0) return;
        if (Date.now() - this.lastWriteAt >= everyMs) void this.write(comment);
      },
      Math.max(1, Math.floor(everyMs / 2)),
    );
    this.keepAliveTimer.unref();
  }

  /** Stops keep-alive comments. */
  stopKeepAlive(): void {
    clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  /** Writes what is queued plus `tail` and ends the response. */
  end(tail = ''): void {
    this.stopKeepAlive();
    this.append(tail);
    const data = this.parts.join('');
    this.parts = [];
    this.pendingLength = 0;
    if (this.closed.aborted || this.response.writableEnded) return;
    this.response.end(data);
  }

  /** Resolves once everything written so far has been handed to the kernel (before a deliberate drop). */
  async settled(): Promise<void> {
    await this.flush();
    await Promise.race([
      this.lastWrite,
      new Promise<void>((resolve) => this.closed.addEventListener('abort', () => resolve(), { once: true })),
    ]);
  }

  private async write(data: string | Buffer): Promise<void> {
    if (this.closed.aborted || this.response.writableEnded) return;
    this.lastWriteAt = Date.now();
    let accepted = true;
    this.lastWrite = new Promise<void>((resolve) => {
      accepted = this.response.write(data, () => resolve());
    });
    if (accepted) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.response.off('drain', done);
        this.closed.removeEventListener('abort', done);
        resolve();
      };
      this.response.on('drain', done);
      this.closed.addEventListener('abort', done, { once: true });
    });
  }
}
