import type { StreamEvent } from '../events/stream-event.js';

/**
 * Frames a stream event as SSE: `event:` is the event's `type`, `data:` its JSON on one line
 * (JSON.stringify never emits raw newlines, so one `data:` line is always enough).
 */
export function encodeSseEvent(event: StreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** An SSE comment line, used as a keep-alive; newlines in the text are flattened. */
export function encodeSseComment(text = ''): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
