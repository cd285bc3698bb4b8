import { createBrokenMockProfile } from './wrap-adapter.js';

/** Closes every stream without its `end` or `error` event. */
export default createBrokenMockProfile('drops-terminal-event', (event) =>
  event.type === 'end' || event.type === 'error' ? [] : [event],
);
