/**
 * @typedef {{ event: string, data: string, id?: string }} SseMessage
 */

/**
 * Reads a `text/event-stream` body to its end, calling `onMessage` for every dispatched message (a blank line
 * ends one; `:` lines are comments; several `data:` lines join with newlines; no `event:` means "message").
 * Used for `/v1/events` (with an `Authorization` header, which EventSource cannot send) and for the playground's
 * `POST /v1/tasks`.
 * @param {ReadableStream<Uint8Array>} body
 * @param {(message: SseMessage) => void} onMessage
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
export async function readSse(body, onMessage, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const onAbort = () => {
    reader.cancel().catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let buffer = '';
  /** @type {{ event: string, data: string[], id?: string }} */
  let pending = { event: 'message', data: [] };
  const takeLine = (line) => {
    if (line === '') {
      if (pending.data.length > 0) {
        onMessage({ event: pending.event, data: pending.data.join('\n'), id: pending.id });
      }
      pending = { event: 'message', data: [] };
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') pending.event = value;
    else if (field === 'data') pending.data.push(value);
    else if (field === 'id') pending.id = value;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let newline = buffer.search(/\r\n|\r|\n/);
      while (newline !== -1) {
        // A CR at the end of a chunk may be the first half of a CRLF: wait for the next chunk.
        if (buffer[newline] === '\r' && newline === buffer.length - 1) break;
        const width = buffer.startsWith('\r\n', newline) ? 2 : 1;
        takeLine(buffer.slice(0, newline));
        buffer = buffer.slice(newline + width);
        newline = buffer.search(/\r\n|\r|\n/);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
