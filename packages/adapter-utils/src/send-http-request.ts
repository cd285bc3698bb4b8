import { type ClientRequest, type IncomingMessage, request as requestHttp } from 'node:http';
import { request as requestHttps } from 'node:https';
import type { EngineAgents } from './create-engine-agents.js';

/** One HTTP request as {@link sendHttpRequest} sends it. */
export interface HttpRequestSpec {
  /** Target, without credentials. */
  url: URL;
  /** HTTP method. */
  method: string;
  /** Request headers (`content-length` is added for a body). */
  headers: Record<string, string>;
  /** The whole body, or `undefined` for none. */
  body: string | undefined;
  /** The pools to send through. */
  agents: EngineAgents;
}

/** What a sent request is while it waits for its answer. */
export interface SentHttpRequest {
  /** The node:http request (destroy it to close the exchange; `reusedSocket` tells a kept-alive connection). */
  request: ClientRequest;
  /** Settles with the answer once its headers arrived, or with the error that ended the exchange before. */
  response: Promise<IncomingMessage>;
}

function ignoreError(): void {}

/** Why a request closed before its answer when node:http reported no error itself (it was destroyed). */
function closedBeforeAnswer(): Error {
  return Object.assign(new Error('the request closed before an answer arrived'), { code: 'ECONNRESET' });
}

/**
 * Sends one request over node:http or node:https through a keep-alive pool. The answer's body is left unread;
 * both the request and the answer keep an error listener, so a connection that breaks while nobody reads
 * never becomes an uncaught error.
 */
export function sendHttpRequest(spec: HttpRequestSpec): SentHttpRequest {
  const { url } = spec;
  const secure = url.protocol === 'https:';
  const headers =
    spec.body === undefined
      ? spec.headers
      : { ...spec.headers, 'content-length': String(Buffer.byteLength(spec.body)) };
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const options = {
    hostname,
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: spec.method,
    headers,
  };
  const request = secure
    ? requestHttps({ ...options, agent: spec.agents.https })
    : requestHttp({ ...options, agent: spec.agents.http });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    let answered = false;
    request.once('response', (answer: IncomingMessage) => {
      answered = true;
      answer.on('error', ignoreError);
      resolve(answer);
    });
    request.on('error', reject);
    request.once('close', () => {
      if (!answered) reject(closedBeforeAnswer());
    });
  });
  request.end(spec.body);
  return { request, response };
}
