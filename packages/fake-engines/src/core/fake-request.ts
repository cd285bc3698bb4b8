import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { REDACTED } from '@orch/adapter-api';

/** A received request as an engine handler sees it: body read and, when it is JSON, parsed. */
export interface FakeRequest {
  /** HTTP method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters. */
  query: URLSearchParams;
  /** Request headers (not redacted: handlers check API keys). */
  headers: IncomingHttpHeaders;
  /** Raw body text. */
  bodyText: string;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  /** The JSON parse error message when the body is not empty and not valid JSON. */
  jsonError: string | null;
}

/** One entry of `engine.requests`: what a test may assert about traffic the fake received. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Path, with the query string. */
  path: string;
  /** Parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** Headers, lower-cased, with credentials (`authorization`, `x-api-key`, …) replaced by `[REDACTED]`. */
  headers: Record<string, string>;
  /** When it arrived (ms since epoch). */
  receivedAt: number;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie']);

/** Reads and parses the body of an incoming request. */
export async function readFakeRequest(message: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const bodyText = Buffer.concat(chunks).toString('utf8');
  const url = new URL(message.url ?? '/', 'http://fake.invalid');
  let body: unknown;
  let jsonError: string | null = null;
  if (bodyText.trim().length > 0) {
    try {
      body = JSON.parse(bodyText);
    } catch (error) {
      jsonError = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    method: message.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: message.headers,
    bodyText,
    body,
    jsonError,
  };
}

/** Makes the log entry for a request, with credentials redacted. */
export function recordRequest(request: FakeRequest, rawUrl: string): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = SECRET_HEADERS.has(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  let body: unknown = request.body;
  if (body === undefined && request.bodyText.length > 0) body = request.bodyText;
  return { method: request.method, path: rawUrl, body, headers, receivedAt: Date.now() };
}
