import { createBrokenMockProfile } from './wrap-adapter.js';

/** Ignores the cancel: a cancelled stream still delivers a token before its `end`. */
export default createBrokenMockProfile('tokens-after-cancel', (event) =>
  event.type === 'end' && event.finish_reason === 'cancelled'
    ? [{ type: 'token', i: event.tokens_out ?? 0, t: ' late' }, event]
    : [event],
);
