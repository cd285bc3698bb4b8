import { TaskError } from '@orch/adapter-api';
import type { EngineClient, OpenedEngineStream } from '@orch/adapter-utils';
import { mapTgiStreamError } from './classify-tgi-failure.js';
import { peekFirstSseMessage } from './peek-first-sse-message.js';
import { type TgiGenerateRequest, tgiStreamEventSchema } from './tgi-api-types.js';

/** Timeouts of {@link openTgiStream}. */
export interface TgiStreamTimeouts {
  /** From the headers to the first event (`ttft_timeout`). */
  firstEventTimeoutMs: number;
  /** Longest silence between stream bytes (`idle_timeout`). */
  idleTimeoutMs: number;
}

function cancelledBeforeStart(client: EngineClient, cause?: unknown): TaskError {
  return new TaskError('cancelled', 'The task was cancelled before it started.', {
    context: { engine: client.engine, replica: client.replica },
    cause,
  });
}

/**
 * Sends `/generate_stream` and peeks at its first event: TGI reports validation and overload errors as the
 * first event of a 200 stream (specs/engines/tgi.md B.2), so a task the router did not accept is rejected before `started`, as
 * the contract asks. The stream that is returned still holds that first event.
 */
export async function openTgiStream(
  client: EngineClient,
  body: TgiGenerateRequest,
  timeouts: TgiStreamTimeouts,
  signal: AbortSignal,
): Promise<OpenedEngineStream> {
  const response = await client.request({ path: '/generate_stream', body, signal });
  try {
    const peeked = await peekFirstSseMessage(response.body, {
      firstByteTimeoutMs: timeouts.firstEventTimeoutMs,
      idleTimeoutMs: timeouts.idleTimeoutMs,
      abort: response.abort,
      engine: client.engine,
      replica: client.replica,
      secrets: client.secrets,
      cancelled: () => signal.aborted,
    });
    if (peeked.first === undefined) {
      throw new TaskError('stream_truncated', 'tgi closed /generate_stream before its first event', {
        context: response.context,
      });
    }
    const first = client.parseJson(tgiStreamEventSchema, peeked.first.data, '/generate_stream event');
    if (first.kind === 'error') throw mapTgiStreamError(client, first.error, peeked.first.data);
    return { body: peeked.body, abort: response.abort };
  } catch (error) {
    response.abort();
    if (signal.aborted) throw cancelledBeforeStart(client, error);
    throw error;
  }
}
