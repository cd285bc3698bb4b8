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
