import { describe, expect, it } from 'vitest';
import { silentLogger } from '../adapter-logger.js';
import type { AdapterModuleInput } from './adapter-module-input.js';
import type { HttpEngineTimeoutOptions } from './http-engine-timeout-options.js';
import { readHttpEngineSettings } from './read-http-engine-settings.js';

const input: AdapterModuleInput<HttpEngineTimeoutOptions> = {
  baseUrl: 'http://127.0.0.1:8080',
  model: 'tiny',
  apiKey: 'secret',
  ttftTimeoutMs: 5000,
  idleTimeoutMs: 7000,
  options: { request_timeout_ms: 300, health_timeout_ms: 400 },
  logger: silentLogger,
};

describe('readHttpEngineSettings', () => {
  it('maps the neutral input and the timeout options onto adapter settings', () => {
    expect(readHttpEngineSettings('vllm', input)).toEqual({
      baseUrl: 'http://127.0.0.1:8080',
      model: 'tiny',
      apiKey: 'secret',
      idleTimeoutMs: 7000,
      requestTimeoutMs: 300,
      healthTimeoutMs: 400,
      logger: silentLogger,
    });
  });

  it('leaves unset timeouts to the adapter defaults', () => {
    const settings = readHttpEngineSettings('vllm', { ...input, options: {} });
    expect(settings.requestTimeoutMs).toBeUndefined();
    expect(settings.healthTimeoutMs).toBeUndefined();
  });

  it('refuses an input without a base URL, naming the engine', () => {
    expect(() => readHttpEngineSettings('tgi', { ...input, baseUrl: undefined })).toThrow(
      /tgi adapter needs a base URL/,
    );
  });
});
