import { type ErrorCode, type ErrorContext, TaskError } from '@orch/adapter-api';
import { type EngineErrorBodyParser, parseCommonErrorBody } from './engine-error-details.js';
import { describeReplica, joinEngineUrl } from './engine-url.js';
import { type EngineFailureClassifier, mapEngineErrorBody } from './map-engine-http-error.js';
import { isStaleConnectionFailure, mapFetchFailure } from './map-fetch-failure.js';
import { parseRetryAfter } from './parse-retry-after.js';

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
  /** The fetch to use; default the global (undici) fetch. */
  fetch?: typeof fetch;
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
  headers: Headers;
  /** The body as a byte stream (null for bodiless answers). */
  body: ReadableStream<Uint8Array> | null;
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

async function readLimitedText(
  body: ReadableStream<Uint8Array> | null,
  timeoutMs: number,
  abort: () => void,
): Promise<string> {
  if (body === null) return '';
  const timer = setTimeout(abort, timeoutMs);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_LIMIT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A partly read error body is still worth showing.
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT_BYTES).toString('utf8');
}

// The two closures below are built by factories on purpose: under tsx (esbuild `keepNames`) a function assigned
// to a named binding gets its name set at run time, which costs a 256-byte property dictionary per request.

/** The listener that passes the caller's abort (and its reason) on to the request's own controller. */
function forwardAbort(outer: AbortSignal | undefined, controller: AbortController): () => void {
  return () => controller.abort(outer?.reason);
}

/** Closes the request (aborts its controller) and stops listening to the caller's signal. */
function closeRequest(
  outer: AbortSignal | undefined,
  onOuterAbort: () => void,
  controller: AbortController,
): (reason?: unknown) => void {
  return (reason) => {
    outer?.removeEventListener('abort', onOuterAbort);
    controller.abort(reason);
  };
}

/** Whether fetch failed because the engine answered with a redirect while `redirect: 'error'` was set. */
function isUnexpectedRedirect(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Error && cause.message === 'unexpected redirect';
}

/** Immediate re-sends of a request that met a connection the engine had closed (see isStaleConnectionFailure). */
const STALE_CONNECTION_RETRIES = 4;

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
 * Sends one request to an engine over fetch and hands back the answer once its headers arrived. Failures are
 * TaskErrors with engine context: refused/reset/DNS → `engine_unavailable`; headers timeout → `ttft_timeout`
 * (or `timeoutCode`); caller abort → `cancelled`; failing statuses → see `mapEngineHttpError` (the engine's
 * message kept, `Retry-After` read, body excerpt redacted).
 */
export async function requestEngine(options: EngineRequestOptions): Promise<EngineResponse> {
  const { engine } = options;
  const secrets = [...(options.secrets ?? [])];
  const { url, headers, replica } = prepareUrlAndHeaders(options, secrets);
  let bodyText: string | undefined;
  if (options.body !== undefined) {
    bodyText = JSON.stringify(options.body);
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  }
  if (options.signal?.aborted) throw cancelledError(engine, replica, options.signal.reason);
  // The caller's abort reaches this request's own controller (same reason) through one listener, removed once
  // the request is closed: `AbortSignal.any` costs about 3 KiB of heap per request on Node 20.
  const controller = new AbortController();
  const signal = controller.signal;
  const outer = options.signal;
  const onOuterAbort = forwardAbort(outer, controller);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const abort = closeRequest(outer, onOuterAbort, controller);
  const headersTimeoutMs = options.headersTimeoutMs;
  let timedOut = false;
  const timer =
    headersTimeoutMs !== undefined && Number.isFinite(headersTimeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          abort();
        }, headersTimeoutMs)
      : undefined;
  let response: Response;
  try {
    // `redirect: 'error'` spares undici a copy of the request (a `tee` of its body stream, held for the whole
    // answer); an engine that does redirect gets the request again with redirects followed, as before.
    let redirect: 'error' | 'follow' = 'error';
    const send = () =>
      (options.fetch ?? fetch)(url, {
        method: options.method ?? (bodyText === undefined ? 'GET' : 'POST'),
        headers,
        body: bodyText,
        signal,
        redirect,
      });
    // The engine may close kept-alive connections just as they are reused (llama-server does so under
    // concurrency); such a request never reached it, and each failure removes one stale connection.
    for (let stale = 0; ; stale += 1) {
      try {
        response = await send();
        break;
      } catch (error) {
        if (!signal.aborted && redirect === 'error' && isUnexpectedRedirect(error)) {
          redirect = 'follow';
          stale -= 1;
          continue;
        }
        if (signal.aborted || stale >= STALE_CONNECTION_RETRIES || !isStaleConnectionFailure(error))
          throw error;
      }
    }
  } catch (error) {
    outer?.removeEventListener('abort', onOuterAbort);
    if (timedOut) {
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
  const accept = options.acceptStatus ?? ((status: number) => status >= 200 && status <= 299);
  if (!accept(response.status)) {
    const errorBody = await readLimitedText(response.body, options.errorBodyTimeoutMs ?? 5000, abort);
    abort();
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw mapEngineErrorBody(
      { engine, replica, status: response.status, bodyText: errorBody, retryAfterMs },
      options.parseErrorBody ?? parseCommonErrorBody,
      { secrets, classifyFailure: options.classifyFailure },
    );
  }
  const context: ErrorContext = { engine, replica, status: response.status };
  const settled = response;
  return {
    status: settled.status,
    headers: settled.headers,
    body: settled.body,
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
        const text = await settled.text();
        outer?.removeEventListener('abort', onOuterAbort);
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
