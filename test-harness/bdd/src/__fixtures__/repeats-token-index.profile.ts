import { createBrokenMockProfile } from './wrap-adapter.js';

/** Numbers the third token 1 again: indices 0, 1, 1, 3, … */
export default createBrokenMockProfile('repeats-token-index', (event) =>
  event.type === 'token' && event.i === 2 ? [{ ...event, i: 1 }] : [event],
);
