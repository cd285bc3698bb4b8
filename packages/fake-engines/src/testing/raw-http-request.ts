import { connect } from 'node:net';

/** A response read byte for byte off the socket. */
export interface RawHttpResponse {
  /** Status code. */
  status: number;
  /** Headers, lower-cased names. */
  headers: Record<string, string>;
  /** The body, de-chunked. */
  body: Buffer;
  /** The payload of each HTTP chunk, in order (one per server write); empty for Content-Length bodies. */
  chunks: Buffer[];
  /** What each socket read returned, in order (TCP segment boundaries, best effort). */
  reads: Buffer[];
}

/** Options of {@link rawHttpRequest}. */
export interface RawHttpRequestOptions {
  /** Method (default POST when a body is given, else GET). */
  method?: string;
  /** JSON body (serialised) or raw text. */
  body?: unknown;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
}

function dechunk(data: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return chunks;
}

/**
 * Sends one HTTP/1.1 request over a raw TCP socket (`Connection: close`) and returns the exact bytes, so tests
 * can check framing such as TGI's `data:` without a space, or a character split across writes.
 */
export function rawHttpRequest(
  baseUrl: string,
  path: string,
  options: RawHttpRequestOptions = {},
): Promise<RawHttpResponse> {
  const url = new URL(baseUrl);
  const payload =
    options.body === undefined
      ? ''
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headerLines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${url.host}`,
    'Connection: close',
    ...(options.body === undefined
      ? []
      : ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(payload)}`]),
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const reads: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`raw request to ${path} timed out`));
    }, options.timeoutMs ?? 5_000);
    socket.on('connect', () => socket.write(`${headerLines.join('\r\n')}\r\n\r\n${payload}`));
    socket.on('data', (data: Buffer) => reads.push(data));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(reads);
      const headEnd = all.indexOf('\r\n\r\n');
      if (headEnd === -1) {
        reject(new Error(`no HTTP response head from ${path}`));
        return;
      }
      const [statusLine = '', ...lines] = all.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = all.subarray(headEnd + 4);
      const chunked = headers['transfer-encoding']?.includes('chunked') === true;
      const chunks = chunked ? dechunk(rest) : [];
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: chunked ? Buffer.concat(chunks) : rest,
        chunks,
        reads,
      });
    });
  });
}
