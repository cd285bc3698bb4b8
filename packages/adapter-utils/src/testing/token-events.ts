import type { StreamEvent } from '@orch/adapter-api';

/** A `token` event of the stream. */
export type TokenEvent = Extract<StreamEvent, { type: 'token' }>;

/** The `token` events of a stream, in order. */
export function tokenEventsOf(events: readonly StreamEvent[]): TokenEvent[] {
  return events.filter((event): event is TokenEvent => event.type === 'token');
}

/** The text of each `token` event, in order. */
export function tokensOf(events: readonly StreamEvent[]): string[] {
  return tokenEventsOf(events).map((event) => event.t);
}

/** The streamed text: every `token` event's text joined. */
export function textOf(events: readonly StreamEvent[]): string {
  return tokensOf(events).join('');
}
