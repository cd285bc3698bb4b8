import type { ServerResponse } from 'node:http';
import type { EngineDefaults, EngineRuntime } from './engine-runtime.js';
import type { FakeRequest } from './fake-request.js';

/** Handles every request of one fake engine. */
export type EngineHandler = (request: FakeRequest, response: ServerResponse) => Promise<void>;

/** What each engine folder provides to `startFakeEngine`. */
export interface EngineModule {
  /** Default model, version and slot count. */
  defaults: EngineDefaults;
  /** Whether loading means a closed port (vLLM, TGI) rather than loading responses (specs/engines/cross-engine.md E.11). */
  loadingRefusesConnections: boolean;
  /** Builds the request handler. */
  createHandler(runtime: EngineRuntime): EngineHandler;
}
