import type { StreamEvent } from './stream-event.js';

/**
 * Lists every way a complete stream breaks the contract's ordering rules: `started` first (unless the stream
 * is a lone error), token indices 0, 1, 2…, nothing after the terminal event, exactly one terminal event.
 * An empty list means the stream conforms.
 */
export function checkEventSequence(events: readonly StreamEvent[]): string[] {
  const problems: string[] = [];
  if (events.length === 0) return ['the stream is empty: it has no terminal event'];
  const first = events[0] as StreamEvent;
  if (first.type !== 'started' && !(first.type === 'error' && events.length === 1)) {
    problems.push(`the first event is "${first.type}", expected "started" (or a lone "error")`);
  }
  let nextIndex = 0;
  let terminals = 0;
  events.forEach((event, position) => {
    if (terminals > 0) problems.push(`event #${position} ("${event.type}") comes after the terminal event`);
    if (event.type === 'started' && position !== 0) problems.push(`"started" repeated at #${position}`);
    if (event.type === 'token') {
      if (event.i !== nextIndex) problems.push(`token #${position} has i=${event.i}, expected ${nextIndex}`);
      nextIndex = event.i + 1;
    }
    if (event.type === 'end' || event.type === 'error') terminals += 1;
  });
  if (terminals === 0) problems.push('the stream has no terminal event ("end" or "error")');
  return problems;
}
