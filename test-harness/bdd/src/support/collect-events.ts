import type { StreamEvent } from '@orch/adapter-api';

/** Options of {@link collectEvents}. */
export interface CollectOptions {
  /** Upper bound for the whole stream; a stream still open then is a failure, never a hang. */
  timeoutMs: number;
  /**
   * Called after each event; may abort or cancel the task. Events that arrive after the call that
   * returned `true` are counted as "after the cancel".
   */
  onEvent?: (
    event: StreamEvent,
    events: readonly StreamEvent[],
  ) => boolean | undefined | Promise<boolean | undefined>;
}

/** What a stream delivered, and how it ended. */
export interface CollectedStream {
  /** Every event, in order. */
  events: StreamEvent[];
  /** The token texts joined. */
  text: string;
  /** The error the iteration rejected with, if it did (e.g. a failure before `started`). */
  rejection?: unknown;
  /** Index in `events` of the first event after `onEvent` returned `true`; absent when it never did. */
  cancelledAt?: number;
}

class StreamTimeout extends Error {
  override readonly name = 'StreamTimeout';
}

/**
 * Reads a task stream to its end, bounded in time. A rejection is captured (not thrown) so that steps can
 * assert on it; a timeout throws, because a stream that never ends breaks the contract.
 */
export async function collectEvents(
  stream: AsyncIterable<StreamEvent>,
  options: CollectOptions,
): Promise<CollectedStream> {
  const collected: CollectedStream = { events: [], text: '' };
  const iterator = stream[Symbol.asyncIterator]();
  const deadline = Date.now() + options.timeoutMs;
  try {
    while (true) {
      const result = await nextBefore(iterator, deadline, options.timeoutMs);
      if (result.done) break;
      const event = result.value;
      collected.events.push(event);
      if (event.type === 'token') collected.text += event.t;
      if (
        collected.cancelledAt === undefined &&
        (await options.onEvent?.(event, collected.events)) === true
      ) {
        collected.cancelledAt = collected.events.length;
      }
    }
  } catch (error) {
    if (error instanceof StreamTimeout) {
      await Promise.race([iterator.return?.(), new Promise((resolve) => setTimeout(resolve, 200))]);
      throw error;
    }
    collected.rejection = error;
  }
  return collected;
}

async function nextBefore(
  iterator: AsyncIterator<StreamEvent>,
  deadline: number,
  timeoutMs: number,
): Promise<IteratorResult<StreamEvent>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new StreamTimeout(`the stream did not end within ${timeoutMs} ms`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([iterator.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
