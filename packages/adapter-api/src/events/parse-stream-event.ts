import { TaskError } from '../errors/task-error.js';
import type { StreamEvent } from './stream-event.js';
import { streamEventSchema } from './stream-event-schema.js';

/**
 * Parses one SSE message of a task stream into a typed event. The SSE `event:` name, when given, must equal
 * the JSON `type`. Throws `engine_protocol_error` on anything else.
 */
export function parseStreamEvent(data: string, eventName?: string): StreamEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new TaskError('engine_protocol_error', `Stream event is not JSON: ${data.slice(0, 120)}`);
  }
  const result = streamEventSchema.safeParse(json);
  if (!result.success) {
    throw new TaskError('engine_protocol_error', `Invalid stream event: ${result.error.message}`);
  }
  const event = result.data as StreamEvent;
  if (eventName !== undefined && eventName !== 'message' && eventName !== event.type) {
    throw new TaskError(
      'engine_protocol_error',
      `SSE event name "${eventName}" does not match type "${event.type}"`,
    );
  }
  return event;
}
