export {
  createMockAdapter,
  MOCK_ENGINE_VERSION,
  type MockAdapter,
  type MockAdapterSettings,
} from './mock-adapter.js';
export type { MockFault, MockGenerationRequest } from './mock-api-types.js';
export { type MockReplicaOptions, mockModule } from './mock-module.js';
