import type { Readable } from 'node:stream';
import { type ByteSource, decodeSseStream, isTaskError, type SseMessage, TaskError } from '@orch/adapter-api';
import { isConnectionFailure, mapFetchFailure, withIdleTimeout } from '@orch/adapter-utils';

/** Options of {@link peekFirstSseMessage}. */
export interface PeekOptions {
  /** Longest wait for the first byte; absent or 0: no limit. Fires as `ttft_timeout`. */
  firstByteTimeoutMs?: number;
  /** Longest silence between bytes before the first message (keep-alives count). Fires as `idle_timeout`. */
  idleTimeoutMs?: number;
  /** Closes the request when a timeout fires. */
  abort: (reason?: unknown) => void;
  /** For error messages and context. */
  engine: string;
  /** Replica URL without credentials. */
  replica: string;
  /** Values to redact from error messages. */
  secrets?: readonly string[];
  /** True once the caller's task was cancelled: failures are then left for the caller to report as such. */
  cancelled: () => boolean;
}

/** The first SSE message of a stream, and the whole stream again (the peeked bytes replayed first). */
export interface PeekedSseStream {
  /** The first message, or `undefined` when the body ended before one. */
  first: SseMessage | undefined;
  /** Every byte of the body from the start: hand it to the stream runner, which decodes it again. */
  body: ByteSource;
}

/**
 * Reads a Server-Sent Events body up to its first message without consuming it. TGI answers
 * `/generate_stream` with 200 and headers at once, and reports validation and overload errors as the first
 * event (specs/engines/tgi.md B.2): peeking lets the adapter reject such a task before `started`, as the contract wants for a
 * task the engine did not accept. A connection broken before the first message is `stream_truncated`.
 */
export async function peekFirstSseMessage(body: Readable, options: PeekOptions): Promise<PeekedSseStream> {
  // One iterator for the peek and the replay; it must not destroy the body when the peek stops early.
  const reader = body.iterator({ destroyOnReturn: false }) as AsyncIterator<Uint8Array>;
  const release = () => void body.destroy();
  const seen: Uint8Array[] = [];
  const record = async function* (): AsyncGenerator<Uint8Array> {
    while (true) {
      const { done, value } = await reader.next();
      if (done) return;
      seen.push(value);
      yield value;
    }
  };
  const messages = decodeSseStream(
    withIdleTimeout(record(), {
      firstByteTimeoutMs: options.firstByteTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      onTimeout: (error) => options.abort(error),
      engine: options.engine,
      replica: options.replica,
    }),
  );
  let first: SseMessage | undefined;
  try {
    const result = await messages.next();
    first = result.done ? undefined : result.value;
    // The decoder stops between two reads, so no chunk is in flight when the replay takes over the reader.
    await messages.return(undefined);
  } catch (error) {
    release();
    if (isTaskError(error) || options.cancelled()) throw error;
    if (isConnectionFailure(error)) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new TaskError(
        'stream_truncated',
        `${options.engine} closed the stream before its first event (${detail})`,
        {
          context: { engine: options.engine, replica: options.replica },
          cause: error,
        },
      );
    }
    throw mapFetchFailure(error, {
      engine: options.engine,
      replica: options.replica,
      ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    });
  }
  const replay = async function* (): AsyncGenerator<Uint8Array> {
    try {
      yield* seen;
      while (true) {
        const { done, value } = await reader.next();
        if (done) return;
        yield value;
      }
    } finally {
      release();
    }
  };
  return { first, body: replay() };
}
