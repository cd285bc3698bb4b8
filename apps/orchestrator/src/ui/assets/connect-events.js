import { apiFetch, describeErrorResponse } from './api-client.js';
import { apiKeyStore } from './api-key-store.js';
import { readSse } from './read-sse.js';

/**
 * @typedef {{ state: 'connecting' | 'live' | 'retrying' }
 *   | { state: 'needs_key', refused: boolean, message: string }
 *   | { state: 'failed', message: string }} ConnectionStatus
 */

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * Subscribes to `GET /v1/events` with `fetch` and a streamed body, so that a key can go in the `Authorization`
 * header (EventSource cannot send one) and a refusal's status is known. A dropped stream reconnects with a
 * growing pause and starts over from a fresh snapshot; a 401 waits for a key (ORCH-UIP-010).
 * @param {{ onEvent: (type: string, data: unknown) => void, onStatus: (status: ConnectionStatus) => void }} handlers
 * @returns {{ reconnect: () => void }}
 */
export function connectEvents(handlers) {
  let retryMs = FIRST_RETRY_MS;
  /** @type {AbortController | undefined} */
  let current;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;

  const scheduleRetry = () => {
    handlers.onStatus({ state: 'retrying' });
    retryTimer = setTimeout(open, retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  async function open() {
    clearTimeout(retryTimer);
    current?.abort();
    const controller = new AbortController();
    current = controller;
    handlers.onStatus({ state: 'connecting' });
    /** @type {Response} */
    let response;
    try {
      response = await apiFetch('/v1/events', {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
    } catch {
      if (!controller.signal.aborted) scheduleRetry();
      return;
    }
    if (response.status === 401) {
      const refused = apiKeyStore.read() !== undefined;
      handlers.onStatus({ state: 'needs_key', refused, message: await describeErrorResponse(response) });
      return;
    }
    if (!response.ok || response.body === null) {
      handlers.onStatus({ state: 'failed', message: await describeErrorResponse(response) });
      // A server error or a full set of event streams (429) may pass: try again, later each time.
      if (response.status >= 500 || response.status === 429) scheduleRetry();
      return;
    }
    handlers.onStatus({ state: 'live' });
    try {
      await readSse(
        response.body,
        (message) => {
          retryMs = FIRST_RETRY_MS;
          handlers.onEvent(message.event, JSON.parse(message.data));
        },
        controller.signal,
      );
    } catch {
      // A dropped connection: retried below like an ended one.
    }
    if (!controller.signal.aborted) scheduleRetry();
  }

  open();
  return { reconnect: open };
}
