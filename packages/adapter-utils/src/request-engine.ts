import type { ClientRequest, IncomingMessage } from 'node:http';
import { type ErrorCode, type ErrorContext, TaskError } from '@orch/adapter-api';
import { type EngineAgents, getSharedEngineAgents } from './create-engine-agents.js';
import { type EngineErrorBodyParser, parseCommonErrorBody } from './engine-error-details.js';
import { type EngineResponseHeaders, wrapIncomingHeaders } from './engine-response-headers.js';
import { describeReplica, joinEngineUrl } from './engine-url.js';
import { followRedirect } from './follow-redirect.js';
import { type EngineFailureClassifier, mapEngineErrorBody } from './map-engine-http-error.js';
import { isStaleConnectionFailure, mapFetchFailure } from './map-fetch-failure.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { readBodyText } from './read-body-text.js';
import { type HttpRequestSpec, sendHttpRequest } from './send-http-request.js';

/** Options of {@link requestEngine}. */
export interface EngineRequestOptions {
  /** Engine kind, for error context and messages (e.g. `llamacpp`). */
  engine: string;
  /** The replica's base URL; credentials in it become a Basic `Authorization` header and are never logged. */
  baseUrl: string;
  /** Endpoint path, possibly with a query string (`/slots?fail_on_no_slot=1`). */
  path: string;
  /** HTTP method; default `POST` when there is a body, else `GET`. */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON with `content-type: application/json`. */
  body?: unknown;
  /** Extra headers (e.g. `authorization`); their values never reach errors or logs. */
  headers?: Record<string, string>;
  /** Milliseconds until the response headers must have arrived; absent means no limit. */
  headersTimeoutMs?: number;
  /** Code of the error thrown when the headers timeout fires; default `ttft_timeout`. */
  timeoutCode?: ErrorCode;
  /** Aborting it closes the request; a request aborted this way rejects with a `cancelled` TaskError. */
  signal?: AbortSignal;
  /** Values to redact from messages and body excerpts (API keys), on top of the usual patterns. */
  secrets?: readonly string[];
  /** Reads the engine's error body shape; default {@link parseCommonErrorBody}. */
  parseErrorBody?: EngineErrorBodyParser;
  /** Engine-specific override of the error code for failing statuses. */
  classifyFailure?: EngineFailureClassifier;
  /** Statuses handed back instead of thrown; default 2xx only. */
  acceptStatus?: (status: number) => boolean;
  /** Milliseconds allowed to read a failing answer's body; default 5000. */
  errorBodyTimeoutMs?: number;
  /** The keep-alive pools to send through (an engine client has its own); default pools shared by all. */
  agents?: EngineAgents;
}

/** Options of {@link EngineResponse.readText}. */
export interface ReadTextOptions {
  /** Milliseconds allowed to read the whole body; absent means no limit. */
  timeoutMs?: number;
  /** Code of the error when `timeoutMs` fires; default `ttft_timeout`. */
  timeoutCode?: ErrorCode;
}

/** An accepted engine answer whose body has not been read yet. */
export interface EngineResponse {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: EngineResponseHeaders;
  /** The body: the node:http answer itself, a Node byte stream (empty for bodiless answers). */
  body: IncomingMessage;
  /** Engine, replica and status, ready for a TaskError. */
  context: ErrorContext;
  /** Closes the request and its connection (idempotent); the body then errors. */
  abort(reason?: unknown): void;
  /** Reads the whole body as text; a broken connection is `engine_unavailable`, an abort `cancelled`. */
  readText(options?: ReadTextOptions): Promise<string>;
}

const ERROR_BODY_LIMIT_BYTES = 64 * 1024;

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function cancelledError(engine: string, replica: string, cause?: unknown): TaskError {
  return new TaskError('cancelled', 'The task was cancelled.', { context: { engine, replica }, cause });
}

/** Reads up to {@link ERROR_BODY_LIMIT_BYTES} of a failing answer; a partly read error body is still worth showing. */
async function readLimitedText(body: IncomingMessage, timeoutMs: number, abort: () => void): Promise<string> {
  const timer = setTimeout(abort, timeoutMs);
  try {
    return await readBodyText(body, { limitBytes: ERROR_BODY_LIMIT_BYTES, keepPartial: true });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The open exchange of one `requestEngine` call: the request in flight (or the answer being read) and the
 * caller's signal. It listens to that signal as an object listener (no closure), and stops listening once
 * closed or once the answer was read.
 */
class EngineExchange {
  request: ClientRequest | undefined;
  response: IncomingMessage | undefined;
  closed = false;
  timedOut = false;

  constructor(private readonly outer: AbortSignal | undefined) {
    outer?.addEventListener('abort', this, { once: true });
  }

  /** The caller aborted. */
  handleEvent(): void {
    this.close();
  }

  /** Closes the request and its connection (idempotent); a body being read then fails. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.response?.destroy();
    this.request?.destroy();
  }

  /** Stops listening to the caller's signal. */
  detach(): void {
    this.outer?.removeEventListener('abort', this);
  }
}

// The two closures below are built by factories on purpose: under tsx (esbuild `keepNames`) a function assigned
// to a named binding gets its name set at run time, which costs a 256-byte property dictionary per request.

/** The `abort` of an {@link EngineResponse}: closes the exchange. */
function closeExchange(exchange: EngineExchange): (reason?: unknown) => void {
  return () => exchange.close();
}

/** Fires the headers timeout: marks the exchange timed out and closes it. */
function expireExchange(exchange: EngineExchange): () => void {
  return () => {
    exchange.timedOut = true;
    exchange.close();
  };
}

function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** Immediate re-sends of a request that met a connection the engine had closed (see isStaleConnectionFailure). */
const STALE_CONNECTION_RETRIES = 4;

/** Redirects followed for one request, as a browser would (fetch follows up to 20; engines redirect once). */
const MAX_REDIRECTS = 5;

function prepareUrlAndHeaders(options: EngineRequestOptions, secrets: string[]) {
  const replica = describeReplica(options.baseUrl);
  let url: URL;
  try {
    url = joinEngineUrl(options.baseUrl, options.path);
  } catch (error) {
    throw new TaskError('internal', `The base URL configured for ${options.engine} is not a valid URL.`, {
      context: { engine: options.engine },
      cause: error,
    });
  }
  const headers: Record<string, string> = { accept: '*/*', ...options.headers };
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization' || name.toLowerCase() === 'x-api-key') {
      secrets.push(value, value.replace(/^\S+\s+/, ''));
    }
  }
  if (url.username !== '' || url.password !== '') {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    if (password !== '') secrets.push(password, url.password);
    if (!hasHeader(headers, 'authorization')) {
      headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    url.username = '';
    url.password = '';
  }
  return { url, headers, replica };
}

/**
 * Sends one request to an engine over node:http (node:https for `https://`) through keep-alive pools and hands
 * back the answer once its headers arrived. Failures are TaskErrors with engine context: refused/reset/DNS →
 * `engine_unavailable`; headers timeout → `ttft_timeout` (or `timeoutCode`); caller abort → `cancelled`;
 * failing statuses → see `mapEngineHttpError` (the engine's message kept, `Retry-After` read, body excerpt
 * redacted). Redirects are followed; a request that met a kept-alive connection the engine had just closed is
 * sent again at once.
 */
export async function requestEngine(options: EngineRequestOptions): Promise<EngineResponse> {
  const { engine } = options;
  const secrets = [...(options.secrets ?? [])];
  const prepared = prepareUrlAndHeaders(options, secrets);
  const { replica } = prepared;
  let bodyText: string | undefined;
  if (options.body !== undefined) {
    bodyText = JSON.stringify(options.body);
    if (!hasHeader(prepared.headers, 'content-type')) prepared.headers['content-type'] = 'application/json';
  }
  if (options.signal?.aborted) throw cancelledError(engine, replica, options.signal.reason);
  const agents = options.agents ?? getSharedEngineAgents();
  const exchange = new EngineExchange(options.signal);
  const abort = closeExchange(exchange);
  const headersTimeoutMs = options.headersTimeoutMs;
  const timer =
    headersTimeoutMs !== undefined && Number.isFinite(headersTimeoutMs)
      ? setTimeout(expireExchange(exchange), headersTimeoutMs)
      : undefined;
  let response: IncomingMessage;
  try {
    let spec: HttpRequestSpec = {
      url: prepared.url,
      method: options.method ?? (bodyText === undefined ? 'GET' : 'POST'),
      headers: prepared.headers,
      body: bodyText,
      agents,
    };
    // The engine may close kept-alive connections just as they are reused (llama-server does so under
    // concurrency); such a request never reached it, and each failure removes one stale connection.
    for (let stale = 0, redirects = 0; ; ) {
      // A close (abort, timeout) may land between two sends: nothing more goes out then.
      if (exchange.closed) throw new Error('the request was closed before an answer arrived');
      const sent = sendHttpRequest(spec);
      exchange.request = sent.request;
      let answer: IncomingMessage;
      try {
        answer = await sent.response;
      } catch (error) {
        if (exchange.closed || stale >= STALE_CONNECTION_RETRIES) throw error;
        if (!isStaleConnectionFailure(error, sent.request.reusedSocket)) throw error;
        stale += 1;
        continue;
      }
      const redirected = redirects < MAX_REDIRECTS ? followRedirect(spec, answer) : undefined;
      if (redirected === undefined) {
        if (exchange.closed) throw new Error('the request was closed as its answer arrived');
        response = answer;
        break;
      }
      // Read the redirect's own body away, so that its connection goes back to the pool.
      answer.resume();
      spec = { ...redirected, agents };
      redirects += 1;
    }
  } catch (error) {
    exchange.close();
    if (exchange.timedOut) {
      throw new TaskError(
        options.timeoutCode ?? 'ttft_timeout',
        `${engine} at ${replica} sent no response headers within ${headersTimeoutMs} ms`,
        { context: { engine, replica }, cause: error },
      );
    }
    if (options.signal?.aborted) throw cancelledError(engine, replica, error);
    throw mapFetchFailure(error, { engine, replica, secrets });
  } finally {
    clearTimeout(timer);
  }
  exchange.response = response;
  const status = response.statusCode ?? 0;
  const headers = wrapIncomingHeaders(response.headers);
  if (!(options.acceptStatus ?? isSuccessStatus)(status)) {
    const errorBody = await readLimitedText(response, options.errorBodyTimeoutMs ?? 5000, abort);
    abort();
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
    throw mapEngineErrorBody(
      { engine, replica, status, bodyText: errorBody, retryAfterMs },
      options.parseErrorBody ?? parseCommonErrorBody,
      { secrets, classifyFailure: options.classifyFailure },
    );
  }
  const context: ErrorContext = { engine, replica, status };
  const body = response;
  return {
    status,
    headers,
    body,
    context,
    abort,
    async readText(readOptions: ReadTextOptions = {}) {
      let readTimedOut = false;
      const readTimer =
        readOptions.timeoutMs !== undefined
          ? setTimeout(() => {
              readTimedOut = true;
              abort();
            }, readOptions.timeoutMs)
          : undefined;
      try {
        const text = await readBodyText(body);
        exchange.detach();
        return text;
      } catch (error) {
        if (readTimedOut) {
          throw new TaskError(
            readOptions.timeoutCode ?? 'ttft_timeout',
            `${engine} at ${replica} did not finish its answer within ${readOptions.timeoutMs} ms`,
            { context, cause: error },
          );
        }
        if (options.signal?.aborted) throw cancelledError(engine, replica, error);
        throw mapFetchFailure(error, { engine, replica, secrets });
      } finally {
        clearTimeout(readTimer);
      }
    },
  };
}
