import { type ByteSource, type ErrorCode, iterateBytes, TaskError } from '@orch/adapter-api';

/** Options of {@link withIdleTimeout}. */
export interface IdleTimeoutOptions {
  /** Longest silence allowed between two chunks, in milliseconds; absent, 0 or Infinity disables it. */
  idleTimeoutMs?: number;
  /** Longest wait for the very first chunk; default `idleTimeoutMs`. Fires with `ttft_timeout`. */
  firstByteTimeoutMs?: number;
  /** Called when a timeout fires, before the error is thrown: abort the underlying request here. */
  onTimeout?: (error: TaskError) => void;
  /** Engine kind, for the error context. */
  engine?: string;
  /** Replica URL without credentials, for the error context. */
  replica?: string;
}

const NO_LIMIT = 0;

function limitFor(ms: number | undefined): number {
  return ms === undefined || !Number.isFinite(ms) || ms <= 0 ? NO_LIMIT : ms;
}

/**
 * Passes a byte stream through, failing it with an `idle_timeout` TaskError when no bytes arrive for
 * `idleTimeoutMs` (or `ttft_timeout` when the first bytes miss `firstByteTimeoutMs`). Every non-empty chunk
 * counts, so SSE keep-alive comments (`:\n\n`) keep a slow but live stream open. On timeout `onTimeout` runs
 * (abort the request there) and the source is released without waiting for it.
 */
export async function* withIdleTimeout(
  source: ByteSource,
  options: IdleTimeoutOptions,
): AsyncGenerator<Uint8Array> {
  const idleMs = limitFor(options.idleTimeoutMs);
  const firstMs = options.firstByteTimeoutMs === undefined ? idleMs : limitFor(options.firstByteTimeoutMs);
  const iterator = iterateBytes(source);
  let receivedBytes = false;
  let finished = false;
  try {
    while (true) {
      const limitMs = receivedBytes ? idleMs : firstMs;
      const next = iterator.next();
      let result: IteratorResult<Uint8Array>;
      if (limitMs === NO_LIMIT) {
        result = await next;
      } else {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), limitMs);
        });
        const winner = await Promise.race([next, timeout]).finally(() => clearTimeout(timer));
        if (winner === 'timeout') {
          next.catch(() => {});
          const code: ErrorCode = receivedBytes ? 'idle_timeout' : 'ttft_timeout';
          const what = receivedBytes ? 'no bytes' : 'no first byte';
          const engine = options.engine ?? 'the engine';
          const error = new TaskError(code, `${engine} stalled: ${what} for ${limitMs} ms`, {
            context: {
              ...(options.engine === undefined ? {} : { engine: options.engine }),
              ...(options.replica === undefined ? {} : { replica: options.replica }),
            },
          });
          options.onTimeout?.(error);
          throw error;
        }
        result = winner;
      }
      if (result.done) {
        finished = true;
        return;
      }
      if (result.value.byteLength > 0) receivedBytes = true;
      yield result.value;
    }
  } finally {
    // Release the source; a read still pending (after a timeout) settles on its own once the request aborts.
    if (!finished) iterator.return(undefined).catch(() => {});
  }
}
