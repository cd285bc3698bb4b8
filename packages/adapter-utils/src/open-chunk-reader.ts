import type { Readable } from 'node:stream';
import type { ByteSource } from '@orch/adapter-api';

/** Receives a body's chunks as they arrive (the stream run implements it itself: no closure per chunk). */
export interface ChunkSink {
  /** One chunk of the body. */
  onChunk(chunk: Uint8Array): void;
  /** The body ended normally. */
  onBodyEnd(): void;
  /** The body failed (connection broken, or closed before its end). */
  onBodyError(error: unknown): void;
}

/** Pushes a body's chunks to its sink; `pause` holds them back (backpressure), `cancel` stops and releases. */
export interface ChunkReader {
  /** Holds further chunks back until `resume`. */
  pause(): void;
  /** Lets chunks flow again. */
  resume(): void;
  /** Stops delivering anything and releases (destroys) the body. */
  cancel(): void;
}

function isNodeStream(body: ByteSource): body is Readable {
  return typeof (body as Readable).on === 'function' && typeof (body as Readable).pause === 'function';
}

/** Why a body stopped when its stream closed without an end or an error of its own (it was destroyed). */
function closedMidBody(): Error {
  return Object.assign(new Error('the connection closed before the answer ended'), {
    code: 'ERR_STREAM_PREMATURE_CLOSE',
  });
}

/** A Node stream (the engine answer of node:http), read with `data` events: nothing is made per chunk. */
function readNodeStream(body: Readable, sink: ChunkSink): ChunkReader {
  let done = false;
  const onData = (chunk: Uint8Array) => {
    if (!done) sink.onChunk(chunk);
  };
  const settle = (error?: unknown) => {
    if (done) return;
    done = true;
    body.off('data', onData);
    if (error === undefined) sink.onBodyEnd();
    else sink.onBodyError(error);
  };
  body.on('data', onData);
  body.once('end', () => settle());
  body.once('error', (error) => settle(error));
  body.once('close', () => settle(closedMidBody()));
  return {
    pause: () => void body.pause(),
    resume: () => void body.resume(),
    cancel: () => {
      done = true;
      body.off('data', onData);
      body.destroy();
    },
  };
}

/** Reads one chunk at a time from a web stream or an async iterable, with a way to let go of it at once. */
function openPullSource(body: ByteSource): {
  next(): Promise<IteratorResult<Uint8Array>>;
  stop(): void;
} {
  if (Symbol.asyncIterator in body) {
    const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    return { next: () => iterator.next(), stop: () => void iterator.return?.()?.catch(() => {}) };
  }
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    stop: () => void reader.cancel().catch(() => {}),
  };
}

/** Any other byte source (async iterables, web streams in tests): pulled, one read promise per chunk. */
function pumpPullSource(body: ByteSource, sink: ChunkSink): ChunkReader {
  const source = openPullSource(body);
  let paused = false;
  let pumping = false;
  let cancelled = false;
  const pump = async () => {
    pumping = true;
    try {
      while (!paused && !cancelled) {
        const result = await source.next();
        if (cancelled) return;
        if (result.done) {
          sink.onBodyEnd();
          return;
        }
        sink.onChunk(result.value);
      }
    } catch (error) {
      if (!cancelled) sink.onBodyError(error);
    } finally {
      pumping = false;
    }
  };
  void pump();
  return {
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      if (!pumping && !cancelled) void pump();
    },
    cancel: () => {
      cancelled = true;
      source.stop();
    },
  };
}

/**
 * Starts pushing a response body's chunks to `sink`, in order, then exactly one of `onBodyEnd` or
 * `onBodyError` (nothing at all after `cancel`). A Node stream flows by `data` events, with `pause`/`resume`
 * as its backpressure; any other source is pulled chunk by chunk while not paused.
 */
export function openChunkReader(body: ByteSource, sink: ChunkSink): ChunkReader {
  return isNodeStream(body) ? readNodeStream(body, sink) : pumpPullSource(body, sink);
}
