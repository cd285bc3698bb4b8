import { type AdapterHealth, type ErrorCode, redactSecrets } from '@orch/adapter-api';
import type { z } from 'zod';
import { createEngineAgents } from './create-engine-agents.js';
import type { EngineErrorBodyParser } from './engine-error-details.js';
import { describeReplica } from './engine-url.js';
import type { EngineFailureClassifier } from './map-engine-http-error.js';
import { parseEngineJson } from './parse-engine-json.js';
import { type HealthInterpreter, probeEngineHealth } from './probe-engine-health.js';
import { type EngineRequestOptions, type EngineResponse, requestEngine } from './request-engine.js';

/** Settings shared by every request an adapter sends to one replica. */
export interface EngineClientSettings {
  /** Engine kind (`llamacpp`, `vllm`…). */
  engine: string;
  /** The replica's base URL. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; redacted from every message and excerpt. */
  apiKey?: string;
  /** Headers sent with every request (their values are treated as secrets only when they are auth headers). */
  headers?: Record<string, string>;
  /** Default headers timeout of `request`; default none. */
  headersTimeoutMs?: number;
  /** Reads the engine's error body; default `parseCommonErrorBody`. */
  parseErrorBody?: EngineErrorBodyParser;
  /** Engine-specific override of error codes. */
  classifyFailure?: EngineFailureClassifier;
  /** More values to redact. */
  secrets?: readonly string[];
}

/** One call through an {@link EngineClient}: what differs from request to request. */
export type EngineCallOptions = Pick<
  EngineRequestOptions,
  'path' | 'method' | 'body' | 'headers' | 'headersTimeoutMs' | 'timeoutCode' | 'signal' | 'acceptStatus'
>;

/** Options of {@link EngineClient.requestJson}. */
export interface EngineJsonCallOptions extends Omit<EngineCallOptions, 'headersTimeoutMs' | 'acceptStatus'> {
  /** Milliseconds for the whole exchange, headers and body; default 10000. */
  timeoutMs?: number;
  /** What the payload is, for error messages (default: the path). */
  what?: string;
}

/** A replica-bound HTTP client: auth, redaction, error mapping and validation configured once. */
export interface EngineClient {
  /** Engine kind. */
  readonly engine: string;
  /** The replica URL without credentials, for logs and error context. */
  readonly replica: string;
  /** Values redacted from anything this client reports. */
  readonly secrets: readonly string[];
  /** Sends a request; see `requestEngine` for the error mapping. */
  request(options: EngineCallOptions): Promise<EngineResponse>;
  /** Sends a request and returns its JSON body validated by `schema` (`engine_protocol_error` otherwise). */
  requestJson<T>(schema: z.ZodType<T>, options: EngineJsonCallOptions): Promise<T>;
  /** Probes a health endpoint; never throws. */
  probeHealth(options: {
    path: string;
    timeoutMs?: number;
    interpret?: HealthInterpreter;
  }): Promise<AdapterHealth>;
  /** Validates a payload received some other way (a stream event). */
  parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T;
  /** Redacts this client's secrets (and the usual patterns) from text bound for a log. */
  redact(text: string): string;
}

/** Creates an {@link EngineClient} for one replica. */
export function createEngineClient(settings: EngineClientSettings): EngineClient {
  const replica = describeReplica(settings.baseUrl);
  const secrets = [...(settings.secrets ?? [])];
  const headers: Record<string, string> = { ...settings.headers };
  if (settings.apiKey !== undefined && settings.apiKey.length > 0) {
    headers.authorization = `Bearer ${settings.apiKey}`;
    secrets.push(settings.apiKey);
  }
  const base = {
    engine: settings.engine,
    baseUrl: settings.baseUrl,
    secrets,
    ...(settings.parseErrorBody === undefined ? {} : { parseErrorBody: settings.parseErrorBody }),
    ...(settings.classifyFailure === undefined ? {} : { classifyFailure: settings.classifyFailure }),
    // One pair of keep-alive pools per replica client: its connections are reused by its requests only.
    agents: createEngineAgents(),
  };
  const request = (options: EngineCallOptions): Promise<EngineResponse> =>
    requestEngine({
      ...base,
      headersTimeoutMs: settings.headersTimeoutMs,
      ...options,
      headers: { ...headers, ...options.headers },
    });
  const parseJson = <T>(schema: z.ZodType<T>, text: string, what: string): T =>
    parseEngineJson(schema, text, { engine: settings.engine, replica, what, secrets });
  return {
    engine: settings.engine,
    replica,
    secrets,
    request,
    async requestJson(schema, options) {
      const { timeoutMs = 10_000, what, ...call } = options;
      const startedAt = performance.now();
      const timeoutCode: ErrorCode = options.timeoutCode ?? 'engine_unavailable';
      const response = await request({ ...call, headersTimeoutMs: timeoutMs, timeoutCode });
      const remainingMs = Math.max(1, timeoutMs - (performance.now() - startedAt));
      const text = await response.readText({ timeoutMs: remainingMs, timeoutCode });
      return parseJson(schema, text, what ?? `${options.path} answer`);
    },
    probeHealth: (options) => probeEngineHealth({ ...base, headers, ...options }),
    parseJson,
    redact: (text) => redactSecrets(text, secrets),
  };
}
