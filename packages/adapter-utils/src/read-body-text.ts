import type { Readable } from 'node:stream';

/** Why a body stopped when its stream closed without an end or an error of its own (it was destroyed). */
function closedMidBody(): Error {
  return Object.assign(new Error('the connection closed before the answer ended'), {
    code: 'ERR_STREAM_PREMATURE_CLOSE',
  });
}

/** Options of {@link readBodyText}. */
export interface ReadBodyTextOptions {
  /** Resolve with the first this many bytes as soon as they are in, leaving the rest unread; default all. */
  limitBytes?: number;
  /** Resolve with what was read when the stream fails, instead of rejecting; default false. */
  keepPartial?: boolean;
}

/**
 * Reads a Node byte stream to its end as UTF-8 text, with events rather than an async iterator (no promise
 * per chunk). Rejects when the stream errors or closes early (unless `keepPartial`); the caller closes a
 * stream read only in part.
 */
export function readBodyText(body: Readable, options: ReadBodyTextOptions = {}): Promise<string> {
  const limitBytes = options.limitBytes ?? Number.POSITIVE_INFINITY;
  if (body.readableEnded) return Promise.resolve('');
  if (body.destroyed) {
    return options.keepPartial ? Promise.resolve('') : Promise.reject(body.errored ?? closedMidBody());
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      if (error === undefined || options.keepPartial) {
        const text = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        resolve(text.subarray(0, Math.min(text.byteLength, limitBytes)).toString('utf8'));
      } else reject(error);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= limitBytes) {
        body.pause();
        finish();
      }
    };
    const onEnd = () => finish();
    const onError = (error: unknown) => finish(error);
    const onClose = () => finish(closedMidBody());
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
    body.once('close', onClose);
  });
}
