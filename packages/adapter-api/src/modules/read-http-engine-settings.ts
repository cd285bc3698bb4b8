import type { AdapterModuleInput } from './adapter-module-input.js';
import type { HttpEngineSettings } from './http-engine-settings.js';
import type { HttpEngineTimeoutOptions } from './http-engine-timeout-options.js';
import { requireBaseUrl } from './require-base-url.js';

/** The settings of an HTTP engine adapter that come the same way for every engine (see {@link HttpEngineSettings}). */
export function readHttpEngineSettings(
  engine: string,
  input: AdapterModuleInput<HttpEngineTimeoutOptions>,
): HttpEngineSettings {
  return {
    baseUrl: requireBaseUrl(engine, input),
    model: input.model,
    apiKey: input.apiKey,
    idleTimeoutMs: input.idleTimeoutMs,
    requestTimeoutMs: input.options.request_timeout_ms,
    healthTimeoutMs: input.options.health_timeout_ms,
    logger: input.logger,
  };
}
