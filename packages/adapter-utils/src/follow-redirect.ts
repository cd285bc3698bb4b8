import type { IncomingMessage } from 'node:http';

/** The parts of a request a redirect may change. */
export interface RedirectableRequest {
  /** Target. */
  url: URL;
  /** HTTP method. */
  method: string;
  /** Request headers. */
  headers: Record<string, string>;
  /** The whole body, or `undefined`. */
  body: string | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that describe a body, dropped when a redirect turns the request into a bodiless GET. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language']);

function withoutHeaders(headers: Record<string, string>, drop: (name: string) => boolean) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop(name.toLowerCase())));
}

/**
 * The request to send next when `answer` is a redirect with a `Location`, as fetch does it: 307/308 repeat the
 * method and body; 303, and 301/302 after a POST, become a GET without body. Credentials (`authorization`,
 * `cookie`) are not sent on to another origin. `undefined` when the answer is not a redirect to follow.
 */
export function followRedirect(
  request: RedirectableRequest,
  answer: IncomingMessage,
): RedirectableRequest | undefined {
  const location = answer.headers.location;
  if (!REDIRECT_STATUSES.has(answer.statusCode ?? 0) || location === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(location, request.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  const status = answer.statusCode;
  const becomesGet =
    (status === 303 && request.method !== 'HEAD') ||
    ((status === 301 || status === 302) && request.method === 'POST');
  let headers = request.headers;
  if (becomesGet) headers = withoutHeaders(headers, (name) => BODY_HEADERS.has(name));
  if (url.origin !== request.url.origin) {
    headers = withoutHeaders(headers, (name) => name === 'authorization' || name === 'cookie');
  }
  return becomesGet
    ? { url, method: 'GET', headers, body: undefined }
    : { url, method: request.method, headers, body: request.body };
}
