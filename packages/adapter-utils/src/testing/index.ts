export { type Closable, type ClosedAfterEach, closeAfterEach } from './close-after-each.js';
export { collect } from './collect.js';
export { createFixtureServerPerTest, type FixtureServerPerTest } from './create-fixture-server-per-test.js';
export { createRecordingLogger, type RecordedLogLine } from './create-recording-logger.js';
export { rejection } from './rejection.js';
export {
  type FixtureChunk,
  type FixtureReply,
  type FixtureRoute,
  type FixtureServer,
  findRefusedUrl,
  type RecordedRequest,
  splitIntoByteChunks,
  startFixtureServer,
} from './start-fixture-server.js';
export { type TokenEvent, textOf, tokenEventsOf, tokensOf } from './token-events.js';
