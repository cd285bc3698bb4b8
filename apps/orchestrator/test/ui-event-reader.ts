import { createSseParser, type SseMessage } from '@orch/adapter-api';

/** One `/v1/events` message with its JSON parsed. */
export interface UiMessage {
  event: string;
  id: string | undefined;
  data: unknown;
  /** The raw frame text, for checks over everything sent. */
  raw: string;
}

/** Reads an SSE answer in the background; tests wait for the messages they expect, then close it. */
export interface UiEventReader {
  readonly messages: UiMessage[];
  /** Every byte received, as text. */
  readonly text: () => string;
  /** Resolves with the first message (from `from` on) matching `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (message: UiMessage) => boolean, timeoutMs?: number, from?: number): Promise<UiMessage>;
  /** Resolves once the stream has ended. */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

/** Starts reading `response`'s SSE body. */
export function readUiEvents(response: Response): UiEventReader {
  if (response.body === null) throw new Error('no body');
  const reader = response.body.getReader();
  const messages: UiMessage[] = [];
  const decoder = new TextDecoder();
  let text = '';
  const listeners = new Set<() => void>();
  const parser = createSseParser((message: SseMessage) => {
    messages.push({
      event: message.event ?? 'message',
      id: message.id,
      data: JSON.parse(message.data),
      raw: message.data,
    });
    for (const listener of listeners) listener();
  });
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || value === undefined) break;
      text += decoder.decode(value, { stream: true });
      parser.feed(value);
    }
    for (const listener of listeners) listener();
  })();
  let finished = false;
  void ended.then(() => {
    finished = true;
  });
  return {
    messages,
    text: () => text,
    ended,
    waitFor(predicate, timeoutMs = 5_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(from).find(predicate);
          if (found !== undefined) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (finished) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error('the stream ended before the expected message'));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `no matching message within ${timeoutMs} ms (got ${messages.map((m) => m.event).join(',')})`,
            ),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async close() {
      await reader.cancel().catch(() => {});
      await ended;
    },
  };
}
